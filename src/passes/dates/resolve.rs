//! Reference-point resolution: turns what a date phrase says ([`Expr`]) into
//! a TIMEX3 value, filling what the text leaves implicit from the most
//! recent date of the narrative ([`Reference`]), the way a reader does.
//!
//! Kept apart from the grammar so the arithmetic (month carry, the nearest
//! year, day shifts across month ends) is tested on its own. The rules:
//! - a month without a year takes the year that puts it nearest to the
//!   reference (`29 de setiembre` after `1 de octubre de 1813` → 1813,
//!   `3 de enero` after `20 de noviembre de 1814` → 1815);
//! - a bare day (`el 21`) takes the reference month, or the next month when
//!   it is smaller than the reference day and nearer forward than back
//!   (`el 2` after the 28th is next month, `el 24` after the 28th is not);
//! - an unknown part prints as `X` (`XXXX-10-21`, `XXXX-XX-XXTNI`);
//! - every resolved date becomes the new reference (times of day do not);
//!   the pass resolves asides and look-backs against a copy instead, so
//!   they leave the narrative's reference alone (docs/dates.md).

/// The most recent date of the narrative, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reference {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Reference {
    /// A reference seeded from document metadata (`year`, or a
    /// `reference` of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub fn from_meta(year: Option<i32>, reference: Option<&str>) -> Reference {
        // a year outside any calendar use would overflow the arithmetic
        let plausible = |y: &i32| (-9999..=9999).contains(y);
        let mut r = Reference {
            year: year.filter(plausible),
            ..Reference::default()
        };
        if let Some(s) = reference {
            let mut parts = s.trim().split('-');
            if let Some(y) = parts.next().and_then(|p| p.parse().ok()).filter(plausible) {
                r.year = Some(y);
            }
            r.month = parts
                .next()
                .and_then(|p| p.parse().ok())
                .filter(|m| (1..=12).contains(m));
            r.day = parts
                .next()
                .and_then(|p| p.parse().ok())
                .filter(|d| (1..=31).contains(d));
        }
        r
    }
}

/// How the text gives a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSpec {
    /// Written out (`de 1813`).
    Given(i32),
    /// The last digits only (`del 62`): the century that puts it nearest to
    /// the reference year.
    Short(u32),
    /// Three digits (`del año 805`): the same year plus 1000 when that lies
    /// within a century of the reference year (1805 in a narrative of the
    /// 1800s), else the year as written (`711`).
    Elided(u32),
    /// The reference year plus an offset (`de ese año` 0, `del año siguiente` +1).
    Relative(i32),
    /// Not said: the nearest year to the reference.
    Infer,
}

/// How the text gives a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthSpec {
    Given(u32),
    /// The reference month plus an offset (`del mismo mes` 0, `del mes siguiente` +1).
    Relative(i32),
    /// Not said (`el 21`): the reference month, moving forward.
    Infer,
}

/// A time of day appended to a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOfDay {
    /// Hours 0–24 and minutes.
    Clock(u32, u32),
    /// A TIMEX3 part of day: `MO`, `AF`, `EV`, `NI`.
    Part(&'static str),
}

/// What a date phrase says, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A year, month or day; `month: None` is a year alone.
    Calendar {
        year: YearSpec,
        month: Option<MonthSpec>,
        day: Option<u32>,
    },
    /// Days `from..=to`; `from_month: None` is the same month as `to`.
    Range {
        from_month: Option<MonthSpec>,
        from_day: u32,
        to_month: MonthSpec,
        to_day: u32,
        year: YearSpec,
    },
    /// Two years (`1813-1814`).
    YearRange(i32, i32),
    /// A day shifted from a base date (or from the reference when `None`),
    /// with a time of day. A range base keeps its interval and drops the time.
    Shift {
        base: Option<Box<Expr>>,
        days: i32,
        time: Option<TimeOfDay>,
    },
    /// The reference month shifted (`el mes siguiente`).
    MonthShift(i32),
    /// The reference year shifted (`el año siguiente`, `ese año`).
    YearShift(i32),
}

/// A resolved date: each part known or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Point {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month; February of an unknown year has 28.
fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_some_and(is_leap) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `month + offset`, with the number of years carried.
fn add_months(month: u32, offset: i32) -> (u32, i32) {
    let zero = month as i32 - 1 + offset;
    ((zero.rem_euclid(12) + 1) as u32, zero.div_euclid(12))
}

/// A comparable position of a day in time (months of 31 days are enough
/// to compare distances between candidate years).
fn ordinal(year: i32, month: u32, day: Option<u32>) -> i64 {
    year as i64 * 372 + (month as i64 - 1) * 31 + day.unwrap_or(15) as i64
}

/// The year that puts `month`/`day` nearest to the reference.
fn nearest_year(r: &Reference, month: u32, day: Option<u32>) -> Option<i32> {
    let y = r.year?;
    let Some(rm) = r.month else { return Some(y) };
    let here = ordinal(y, rm, r.day);
    (y - 1..=y + 1).min_by_key(|&c| (ordinal(c, month, day) - here).abs())
}

/// The year ending in `n` nearest to the reference year.
fn short_year(n: u32, r: &Reference) -> Option<i32> {
    let y = r.year?;
    let base = y - y.rem_euclid(100) + n as i32;
    (base - 100..=base + 100)
        .step_by(100)
        .min_by_key(|c| (c - y).abs())
}

/// A three-digit year: +1000 when that is within a century of the reference.
fn elided_year(n: u32, r: &Reference) -> i32 {
    let n = n as i32;
    match r.year {
        Some(y) if (n + 1000 - y).abs() <= 100 => n + 1000,
        _ => n,
    }
}

/// Resolves a month spec against the reference: the month and the year carry.
fn resolve_month(spec: MonthSpec, day: Option<u32>, r: &Reference) -> (Option<u32>, i32) {
    match spec {
        MonthSpec::Given(m) => (Some(m), 0),
        MonthSpec::Relative(o) => match r.month {
            Some(rm) => {
                let (m, carry) = add_months(rm, o);
                (Some(m), carry)
            }
            None => (None, 0),
        },
        MonthSpec::Infer => match (r.month, day, r.day) {
            // a smaller day is the next month, unless going back a few days
            // within the month is nearer (`el 24` after `el 28 de diciembre`
            // is the 24th, not 24 January; `el 2` after the 28th is the 2nd
            // of the next month)
            (Some(rm), Some(d), Some(rd)) if d < rd => {
                let back = rd - d;
                let forward = days_in_month(r.year, rm) - rd + d;
                if back < forward {
                    (Some(rm), 0)
                } else {
                    let (m, carry) = add_months(rm, 1);
                    (Some(m), carry)
                }
            }
            (rm, _, _) => (rm, 0),
        },
    }
}

fn resolve_calendar(
    year: YearSpec,
    month: Option<MonthSpec>,
    day: Option<u32>,
    r: &Reference,
) -> Point {
    let Some(ms) = month else {
        let y = match year {
            YearSpec::Given(y) => Some(y),
            YearSpec::Short(n) => short_year(n, r),
            YearSpec::Elided(n) => Some(elided_year(n, r)),
            YearSpec::Relative(o) => r.year.map(|y| y + o),
            YearSpec::Infer => r.year,
        };
        return Point {
            year: y,
            month: None,
            day: None,
        };
    };
    let (m, carry) = resolve_month(ms, day, r);
    let y = match (year, ms, m) {
        (YearSpec::Given(y), _, _) => Some(y),
        (YearSpec::Short(n), _, _) => short_year(n, r),
        (YearSpec::Elided(n), _, _) => Some(elided_year(n, r)),
        (YearSpec::Relative(o), _, _) => r.year.map(|y| y + o),
        (YearSpec::Infer, MonthSpec::Given(m), _) => nearest_year(r, m, day),
        (YearSpec::Infer, _, _) => r.year.map(|y| y + carry),
    };
    let day = day.filter(|&d| m.is_none() || d <= days_in_month(y, m.unwrap_or(1)));
    Point {
        year: y,
        month: m,
        day,
    }
}

/// The point `days` after `p` (only when its month and day are known).
fn shift_days(p: Point, days: i32) -> Point {
    let (Some(mut m), Some(d)) = (p.month, p.day) else {
        return if days == 0 {
            p
        } else {
            Point { day: None, ..p }
        };
    };
    let mut y = p.year;
    let mut d = d as i32 + days;
    while d < 1 {
        let (pm, carry) = add_months(m, -1);
        m = pm;
        y = y.map(|y| y + carry);
        d += days_in_month(y, m) as i32;
    }
    while d > days_in_month(y, m) as i32 {
        d -= days_in_month(y, m) as i32;
        let (nm, carry) = add_months(m, 1);
        m = nm;
        y = y.map(|y| y + carry);
    }
    Point {
        year: y,
        month: Some(m),
        day: Some(d as u32),
    }
}

fn year_str(y: Option<i32>) -> String {
    match y {
        Some(y) if (0..=9999).contains(&y) => format!("{y:04}"),
        _ => "XXXX".to_string(),
    }
}

/// TIMEX3 text of a point; `day_level` prints `-XX` for unknown month/day.
fn format_point(p: Point, day_level: bool) -> String {
    let mut s = year_str(p.year);
    match (p.month, p.day, day_level) {
        (Some(m), Some(d), _) => s.push_str(&format!("-{m:02}-{d:02}")),
        (Some(m), None, true) => s.push_str(&format!("-{m:02}-XX")),
        (Some(m), None, false) => s.push_str(&format!("-{m:02}")),
        (None, Some(d), _) => s.push_str(&format!("-XX-{d:02}")),
        (None, None, true) => s.push_str("-XX-XX"),
        (None, None, false) => {}
    }
    s
}

fn format_time(t: TimeOfDay) -> String {
    match t {
        TimeOfDay::Clock(h, m) => format!("T{h:02}:{m:02}"),
        TimeOfDay::Part(p) => format!("T{p}"),
    }
}

/// Makes `p` the reference, keeping what `p` does not know.
fn update(r: &mut Reference, p: Point) {
    if p.year.is_some() {
        r.year = p.year;
    }
    if p.month.is_some() {
        r.month = p.month;
        r.day = p.day;
    } else if p.day.is_some() && r.month.is_none() {
        // `El 30 a las ocho de la mañana` with no month known yet: the
        // time still belongs to the 30th
        r.day = p.day;
    }
}

/// The TIMEX3 value of `expr`, resolved against `r`, which becomes the
/// date just read.
pub fn resolve(expr: &Expr, r: &mut Reference) -> String {
    match expr {
        Expr::Calendar { year, month, day } => {
            let p = resolve_calendar(*year, *month, *day, r);
            if month.is_none() {
                if p.year.is_some() && p.year != r.year {
                    *r = Reference {
                        year: p.year,
                        month: None,
                        day: None,
                    };
                }
            } else {
                update(r, p);
            }
            format_point(p, day.is_some())
        }
        Expr::Range {
            from_month,
            from_day,
            to_month,
            to_day,
            year,
        } => {
            let to = resolve_calendar(*year, Some(*to_month), Some(*to_day), r);
            let mut from = match from_month {
                Some(MonthSpec::Given(m)) => Point {
                    year: to.year,
                    month: Some(*m),
                    day: Some(*from_day),
                },
                Some(spec) => resolve_calendar(*year, Some(*spec), Some(*from_day), r),
                None => Point {
                    day: Some(*from_day),
                    ..to
                },
            };
            if let (Some(fm), Some(tm)) = (from.month, to.month)
                && fm > tm
            {
                from.year = from.year.map(|y| y - 1);
            }
            update(r, to);
            format!("{}/{}", format_point(from, true), format_point(to, true))
        }
        Expr::YearRange(a, b) => {
            *r = Reference {
                year: Some(*b),
                month: None,
                day: None,
            };
            format!("{}/{}", year_str(Some(*a)), year_str(Some(*b)))
        }
        Expr::Shift { base, days, time } => {
            let start = match base {
                Some(b) => {
                    let value = resolve(b, r);
                    if matches!(**b, Expr::Range { .. } | Expr::YearRange(..)) {
                        return value;
                    }
                    Point {
                        year: r.year,
                        month: r.month,
                        day: r.day,
                    }
                }
                None => Point {
                    year: r.year,
                    month: r.month,
                    day: r.day,
                },
            };
            let p = shift_days(start, *days);
            if *days != 0 && p.day.is_some() {
                update(r, p);
            }
            let mut s = format_point(p, true);
            if let Some(t) = time {
                s.push_str(&format_time(*t));
            }
            s
        }
        Expr::MonthShift(o) => {
            let p = match r.month {
                Some(rm) => {
                    let (m, carry) = add_months(rm, *o);
                    Point {
                        year: r.year.map(|y| y + carry),
                        month: Some(m),
                        day: None,
                    }
                }
                None => Point {
                    year: r.year,
                    month: None,
                    day: None,
                },
            };
            if p.month.is_some() {
                update(r, p);
            }
            let s = format_point(p, false);
            if p.month.is_none() { s + "-XX" } else { s }
        }
        Expr::YearShift(o) => {
            let y = r.year.map(|y| y + o);
            if *o != 0 && y.is_some() {
                *r = Reference {
                    year: y,
                    month: None,
                    day: None,
                };
            }
            year_str(y)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: YearSpec, month: MonthSpec, d: u32) -> Expr {
        Expr::Calendar {
            year,
            month: Some(month),
            day: Some(d),
        }
    }
    fn shift(days: i32, time: Option<TimeOfDay>) -> Expr {
        Expr::Shift {
            base: None,
            days,
            time,
        }
    }

    /// Resolves a sequence of expressions from one reference.
    fn run(r: Reference, exprs: &[Expr]) -> Vec<String> {
        let mut r = r;
        exprs.iter().map(|e| resolve(e, &mut r)).collect()
    }

    #[test]
    fn bare_day_takes_the_reference_month() {
        let got = run(
            Reference::default(),
            &[
                day(YearSpec::Infer, MonthSpec::Given(11), 19),
                day(YearSpec::Infer, MonthSpec::Infer, 21),
                day(YearSpec::Infer, MonthSpec::Relative(0), 26),
                day(YearSpec::Infer, MonthSpec::Infer, 2),
            ],
        );
        assert_eq!(
            got,
            ["XXXX-11-19", "XXXX-11-21", "XXXX-11-26", "XXXX-12-02"]
        );
    }

    #[test]
    fn without_any_reference_a_bare_day_has_unknown_month() {
        assert_eq!(
            run(
                Reference::default(),
                &[day(YearSpec::Infer, MonthSpec::Infer, 21)]
            ),
            ["XXXX-XX-21"]
        );
    }

    #[test]
    fn nearest_year_moves_forward_past_december_and_back() {
        let r = Reference::default();
        let got = run(
            r,
            &[
                day(YearSpec::Given(1814), MonthSpec::Given(11), 20),
                day(YearSpec::Infer, MonthSpec::Given(1), 3),
                day(YearSpec::Infer, MonthSpec::Given(12), 29),
                day(YearSpec::Infer, MonthSpec::Given(9), 29),
            ],
        );
        assert_eq!(
            got,
            ["1814-11-20", "1815-01-03", "1814-12-29", "1814-09-29"]
        );
    }

    #[test]
    fn a_bare_day_takes_the_nearer_month() {
        let r = Reference {
            year: Some(1820),
            month: Some(12),
            day: Some(28),
        };
        let bare = |d| day(YearSpec::Infer, MonthSpec::Infer, d);
        // back 4 days is nearer than forward 27: the same month
        assert_eq!(run(r, &[bare(24)]), ["1820-12-24"]);
        // forward 13 days is nearer than back 18: the next month, next year
        assert_eq!(run(r, &[bare(10)]), ["1821-01-10"]);
        // a tie goes forward (the narrative moves on)
        let mid_november = Reference {
            day: Some(16),
            month: Some(11),
            ..r
        };
        assert_eq!(run(mid_november, &[bare(1)]), ["1820-12-01"]);
    }

    #[test]
    fn a_day_without_month_holds_its_time() {
        let got = run(
            Reference::default(),
            &[
                day(YearSpec::Infer, MonthSpec::Infer, 30),
                shift(0, Some(TimeOfDay::Clock(8, 0))),
            ],
        );
        assert_eq!(got, ["XXXX-XX-30", "XXXX-XX-30T08:00"]);
    }

    #[test]
    fn a_bare_day_rolls_the_year_in_december() {
        let r = Reference {
            year: Some(1814),
            month: Some(12),
            day: Some(30),
        };
        assert_eq!(
            run(r, &[day(YearSpec::Infer, MonthSpec::Infer, 2)]),
            ["1815-01-02"]
        );
    }

    #[test]
    fn shifts_cross_month_and_year_ends() {
        let r = Reference {
            year: Some(1813),
            month: Some(12),
            day: Some(31),
        };
        assert_eq!(run(r, &[shift(1, None)]), ["1814-01-01"]);
        let r = Reference {
            year: None,
            month: Some(3),
            day: Some(1),
        };
        assert_eq!(run(r, &[shift(-1, None)]), ["XXXX-02-28"]);
        let r = Reference {
            year: Some(1812),
            month: Some(3),
            day: Some(1),
        };
        assert_eq!(run(r, &[shift(-1, None)]), ["1812-02-29"]);
        let r = Reference {
            year: None,
            month: Some(10),
            day: Some(5),
        };
        assert_eq!(
            run(r, &[shift(1, None), shift(0, None), shift(-1, None)]),
            ["XXXX-10-06", "XXXX-10-06", "XXXX-10-05"]
        );
    }

    #[test]
    fn times_attach_to_the_reference_day_without_moving_it() {
        let r = Reference {
            year: None,
            month: Some(10),
            day: Some(19),
        };
        let got = run(
            r,
            &[
                shift(0, Some(TimeOfDay::Clock(15, 0))),
                shift(1, Some(TimeOfDay::Part("MO"))),
            ],
        );
        assert_eq!(got, ["XXXX-10-19T15:00", "XXXX-10-20TMO"]);
        assert_eq!(
            run(
                Reference::default(),
                &[shift(0, Some(TimeOfDay::Part("NI")))]
            ),
            ["XXXX-XX-XXTNI"]
        );
    }

    #[test]
    fn ranges_and_range_bases() {
        let range = Expr::Range {
            from_month: None,
            from_day: 20,
            to_month: MonthSpec::Given(10),
            to_day: 21,
            year: YearSpec::Infer,
        };
        let night = Expr::Shift {
            base: Some(Box::new(range.clone())),
            days: 0,
            time: Some(TimeOfDay::Part("NI")),
        };
        assert_eq!(
            run(Reference::default(), &[night, shift(1, None)]),
            ["XXXX-10-20/XXXX-10-21", "XXXX-10-22"]
        );
        let across = Expr::Range {
            from_month: Some(MonthSpec::Given(12)),
            from_day: 30,
            to_month: MonthSpec::Given(1),
            to_day: 2,
            year: YearSpec::Given(1814),
        };
        assert_eq!(
            run(Reference::default(), &[across]),
            ["1813-12-30/1814-01-02"]
        );
    }

    #[test]
    fn metadata_seeds_the_year() {
        let r = Reference::from_meta(None, Some("1813-09-29"));
        assert_eq!(
            r,
            Reference {
                year: Some(1813),
                month: Some(9),
                day: Some(29)
            }
        );
        let got = run(
            Reference::from_meta(Some(1813), None),
            &[
                day(YearSpec::Infer, MonthSpec::Given(10), 1),
                day(YearSpec::Infer, MonthSpec::Given(1), 3),
            ],
        );
        assert_eq!(got, ["1813-10-01", "1814-01-03"]);
    }

    #[test]
    fn short_years_take_the_nearest_century() {
        let r = Reference {
            year: Some(1859),
            month: None,
            day: None,
        };
        let dec = Expr::Calendar {
            year: YearSpec::Short(62),
            month: Some(MonthSpec::Given(12)),
            day: None,
        };
        assert_eq!(run(r, &[dec.clone()]), ["1862-12"]);
        let r = Reference {
            year: Some(1898),
            month: None,
            day: None,
        };
        assert_eq!(
            run(
                r,
                &[Expr::Calendar {
                    year: YearSpec::Short(2),
                    month: None,
                    day: None
                }]
            ),
            ["1902"]
        );
        assert_eq!(run(Reference::default(), &[dec]), ["XXXX-12"]);
    }

    #[test]
    fn implausible_metadata_years_are_ignored() {
        assert_eq!(Reference::from_meta(Some(i32::MAX), None).year, None);
        let r = Reference::from_meta(Some(i32::MAX), None);
        assert_eq!(run(r, &[Expr::YearShift(1)]), ["XXXX"]);
    }

    #[test]
    fn elided_millennium() {
        let oct = |n| Expr::Calendar {
            year: YearSpec::Elided(n),
            month: Some(MonthSpec::Given(10)),
            day: Some(1),
        };
        let r = Reference {
            year: Some(1873),
            month: None,
            day: None,
        };
        assert_eq!(run(r, &[oct(805)]), ["1805-10-01"]);
        assert_eq!(run(r, &[oct(711)]), ["0711-10-01"]);
        assert_eq!(run(Reference::default(), &[oct(805)]), ["0805-10-01"]);
    }

    #[test]
    fn month_and_year_shifts() {
        let r = Reference {
            year: Some(1813),
            month: Some(12),
            day: Some(5),
        };
        assert_eq!(
            run(
                r,
                &[Expr::MonthShift(1), Expr::YearShift(0), Expr::YearShift(1)]
            ),
            ["1814-01", "1814", "1815"]
        );
        assert_eq!(
            run(
                Reference::default(),
                &[Expr::MonthShift(1), Expr::YearShift(1)]
            ),
            ["XXXX-XX", "XXXX"]
        );
    }

    #[test]
    fn a_new_year_clears_the_month() {
        let r = Reference {
            year: Some(1813),
            month: Some(12),
            day: Some(5),
        };
        let y = Expr::Calendar {
            year: YearSpec::Given(1820),
            month: None,
            day: None,
        };
        assert_eq!(
            run(r, &[y, day(YearSpec::Infer, MonthSpec::Infer, 3)]),
            ["1820", "1820-XX-03"]
        );
    }
}
