#!/usr/bin/env python3
"""Builds the scorer's agreement fixtures: tests/data/score/<case>/{gold,pred}/
and expected.json, the reference scorer's --json output on them (plus
expected-docs/<doc>.json, its output for each document alone).

    python3 tests/data/score/make_fixtures.py [/path/to/score.py]

Run from the repository root. Predictions are the corpus gold perturbed with a
fixed seed (deletions, shifted spans, changed values, entities and types,
extra mentions and events, dropped and changed arguments, shuffled order,
renamed ids), or small hand-built documents aimed at score.py's tie-breaking
and value equality. The gold of the corpus cases is a copy of gold/; nothing
here is ever written as gold from system output. The reference scorer is only
needed to regenerate; the Rust tests read the stored expected files.
"""
import copy, json, os, random, re, shutil, subprocess, sys

ROOT = os.getcwd()
HERE = os.path.join(ROOT, "tests/data/score")
SCORE_PY = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/score.py"
TYPES = ["DATE", "NUMBER", "PERSON", "PLACE", "GROUP"]
EVENTS = ["BATTLE", "MOVE", "OCCUPY", "ENCAMP", "LOSS", "JOIN", "COUNCIL"]
ROLES = ["agent", "place", "origin", "destination", "date", "quantity"]


def write(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def fill(m, rng):
    """Gives a mention of a (possibly new) type the fields its type needs."""
    for k in ("value", "kind", "unit", "approx", "entity", "title", "feature", "side"):
        m.pop(k, None)
    t = m["type"]
    if t == "DATE":
        m["value"] = rng.choice(["XXXX-10-01", "1813-11-14", "1815"])
    elif t == "NUMBER":
        m["value"] = rng.choice([2, 900, 1300])
    elif t in ("PERSON", "PLACE"):
        m["entity"] = m["text"]
    elif rng.random() < 0.5:
        m["side"] = "realista"


def perturb(gold, text, rng, rate, rename):
    p = copy.deepcopy(gold)
    words = [(w.start(), w.end()) for w in re.finditer(r"\w+", text)]
    ms = []
    for m in p["mentions"]:
        r = rng.random()
        if r < rate:  # deleted
            continue
        r = rng.random()
        if r < rate:  # shifted span, still inside the text
            s = max(0, m["start"] + rng.choice([-3, -1, 1, 2]))
            e = min(len(text), max(s + 1, m["end"] + rng.choice([-2, -1, 1, 3])))
            m["start"], m["end"] = s, e
            m["text"] = text[s:e]
        if rng.random() < rate:  # changed value or entity
            if m["type"] == "DATE":
                m["value"] = rng.choice([m["value"].lower(), m["value"].replace("XXXX", "1813"), "XXXX-01-01", " " + m["value"] + " "])
            elif m["type"] == "NUMBER":
                m["value"] = rng.choice([m["value"] + 1, float(m["value"]), str(m["value"]), m["value"] + 1e-12])
            elif m["type"] in ("PERSON", "PLACE"):
                e = m.get("entity", "")
                m["entity"] = rng.choice([e.upper(), e.split()[-1], "Álvarez", e.lower() + " "])
        if rng.random() < rate / 2:  # changed type
            m["type"] = rng.choice([t for t in TYPES if t != m["type"]])
            fill(m, rng)
        ms.append(m)
    for k in range(int(len(gold["mentions"]) * rate)):  # extra mentions on words
        s, e = rng.choice(words)
        m = {"id": f"X{k + 1}", "type": rng.choice(TYPES), "start": s, "end": e, "text": text[s:e]}
        fill(m, rng)
        ms.append(m)
    ids = {m["id"] for m in ms}
    evs = []
    for ev in p["events"]:
        if rng.random() < rate:  # deleted
            continue
        if rng.random() < rate:  # changed type
            ev["type"] = rng.choice([t for t in EVENTS if t != ev["type"]])
        if rng.random() < rate:  # shifted trigger
            s = max(0, ev["trigger"]["start"] + rng.choice([-2, 1]))
            e = max(s + 1, ev["trigger"]["end"] + rng.choice([-1, 2]))
            ev["trigger"] = {"start": s, "end": e, "text": text[s:e]}
        args = []
        for a in ev["args"]:
            if a["ref"] not in ids or rng.random() < rate:  # dropped
                continue
            if rng.random() < rate:  # changed role
                a["role"] = rng.choice([r for r in ROLES if r != a["role"]])
            if rng.random() < rate:  # another mention
                a["ref"] = rng.choice(ms)["id"]
            args.append(a)
        if rng.random() < rate:  # an extra argument
            args.append({"role": rng.choice(ROLES), "ref": rng.choice(ms)["id"]})
        ev["args"] = args
        evs.append(ev)
    for k in range(int(len(gold["events"]) * rate)):  # extra events
        s, e = rng.choice(words)
        evs.append({"id": f"Y{k + 1}", "type": rng.choice(EVENTS), "trigger": {"start": s, "end": e, "text": text[s:e]},
                    "args": [{"role": "agent", "ref": rng.choice(ms)["id"]}]})
    rng.shuffle(ms)
    rng.shuffle(evs)
    if rename:  # ids that say nothing about gold's
        new = {m["id"]: f"T{900 + i}" for i, m in enumerate(ms)}
        for m in ms:
            m["id"] = new[m["id"]]
        for i, ev in enumerate(evs):
            ev["id"] = f"E{900 + i}"
            for a in ev["args"]:
                a["ref"] = new[a["ref"]]
    p["mentions"], p["events"] = ms, evs
    return p


def corpus_case(name, seed, rate, rename=False, drop_pred=()):
    rng = random.Random(seed)
    case = os.path.join(HERE, name)
    for doc in ("sipe_sipe", "vilcapugio"):
        gold = json.load(open(os.path.join(ROOT, "gold", doc + ".json"), encoding="utf-8"))
        text = open(os.path.join(ROOT, "corpus", doc + ".txt"), encoding="utf-8", newline="").read()
        os.makedirs(os.path.join(case, "gold"), exist_ok=True)
        shutil.copy(os.path.join(ROOT, "gold", doc + ".json"), os.path.join(case, "gold", doc + ".json"))
        if doc not in drop_pred:
            write(os.path.join(case, "pred", doc + ".json"), perturb(gold, text, rng, rate, rename))
    os.makedirs(os.path.join(case, "pred"), exist_ok=True)


def M(id, type, start, end, **kw):
    m = {"id": id, "type": type, "start": start, "end": end, "text": "x" * (end - start)}
    m.update(kw)
    return m


def E(id, type, start, end, *args):
    return {"id": id, "type": type, "trigger": {"start": start, "end": end, "text": "x" * (end - start)},
            "args": [{"role": r, "ref": ref} for r, ref in args]}


def ties_case():
    """Hand-built documents without text: tie-breaking, value equality as
    score.py has it, entity folding, trigger ident vs class, arguments."""
    gold = {"doc": "ties", "mentions": [
        M("G1", "PERSON", 0, 10, entity="Álvarez"),
        M("G2", "PERSON", 5, 15, entity="Manuel Belgrano"),
        M("G3", "PLACE", 20, 30, entity="Potosí"),
        M("G4", "PLACE", 20, 30, entity="Chuquisaca"),
        M("G5", "DATE", 40, 40, value="1813"),
        M("G6", "NUMBER", 50, 53, value=900),
        M("G7", "NUMBER", 60, 63, value=2),
        M("G8", "NUMBER", 70, 75, value=1300),
        M("G9", "NUMBER", 80, 85, value=5),
        M("G10", "NUMBER", 90, 92, value=1),
        M("G11", "DATE", 100, 110, value="xxxx-10-01"),
        M("G12", "DATE", 120, 125, value="1813"),
        M("G13", "DATE", 130, 135, value="1813.0"),
        M("G14", "DATE", 140, 150, value="XXXX-10-01"),
        M("G15", "PERSON", 160, 170, entity="Joaquín de la Pezuela"),
        M("G16", "PERSON", 172, 178),
        M("G17", "PLACE", 180, 186, entity="Potosí"),
        M("G18", "PLACE", 188, 197, entity="Sipe-Sipe"),
        M("G19", "GROUP", 400, 410, side="realista"),
        M("G20", "GROUP", 412, 420),
    ], "events": [
        E("GE1", "BATTLE", 200, 207, ("agent", "G1"), ("place", "G3")),
        E("GE2", "MOVE", 210, 216, ("agent", "G2"), ("destination", "G17")),
        E("GE3", "MOVE", 220, 230, ("agent", "G2")),
        E("GE4", "MOVE", 220, 225, ("agent", "G1")),
        E("GE5", "LOSS", 240, 246, ("quantity", "G6"), ("agent", "G19")),
    ]}
    pred = {"doc": "ties", "mentions": [
        M("P2", "PERSON", 8, 14, entity="Belgrano"),
        M("P1", "PERSON", 5, 10, entity="alvarez"),
        M("P3", "PLACE", 20, 30, entity="potosi"),
        M("P5", "DATE", 40, 40, value="1813"),
        M("P6", "NUMBER", 50, 53, value="900"),
        M("P7", "NUMBER", 60, 63, value=2.0000000001),
        M("P8", "NUMBER", 70, 75, value="1_300"),
        M("P9", "NUMBER", 80, 85, value=None),
        M("P10", "NUMBER", 90, 92, value=True),
        M("P11", "DATE", 101, 109, value=" XXXX-10-01 "),
        M("P12", "DATE", 120, 125, value=1813),
        M("P13", "DATE", 130, 136, value=1813.0),
        M("P14", "DATE", 140, 150, value="XXXX-10-02"),
        M("P15", "PERSON", 160, 170, entity="JOAQUIN DE LA PEZUELA "),
        M("P16", "PERSON", 172, 178),
        M("P17", "PLACE", 180, 186, entity="Potosi\u0301"),
        M("P18", "PLACE", 188, 197, entity="Sipe Sipe"),
        M("P19", "GROUP", 405, 415, side="patriota"),
        M("P20", "PLACE", 430, 440, entity="Cotagaita"),
        M("P21", "NUMBER", 500, 503, value=4),
    ], "events": [
        E("PE1", "MOVE", 200, 207, ("agent", "P1")),
        E("PE2", "MOVE", 211, 215, ("agent", "P2"), ("agent", "P2"), ("destination", "P17"), ("origin", "P17")),
        E("PE3", "MOVE", 222, 224, ("agent", "P1")),
        E("PE5", "LOSS", 241, 245, ("quantity", "P6"), ("agent", "P19"), ("place", "P20")),
        E("PE6", "COUNCIL", 300, 305, ("agent", "P15")),
    ]}
    absent = {"doc": "absent", "mentions": [M("T1", "DATE", 0, 5, value="1815"), M("T2", "GROUP", 10, 20)],
              "events": [E("E1", "BATTLE", 30, 37, ("date", "T1"))]}
    case = os.path.join(HERE, "ties")
    write(os.path.join(case, "gold", "ties.json"), gold)
    write(os.path.join(case, "gold", "absent.json"), absent)
    write(os.path.join(case, "pred", "ties.json"), pred)


def crowded_case(seed=5, docs=6):
    """Random documents without text, crowded with overlapping mentions and
    triggers of few types, so that the greedy matching meets many ties."""
    rng = random.Random(seed)
    case = os.path.join(HERE, "crowded")
    values = {"DATE": ["1813", "XXXX-10-01", "xxxx-10-01 ", 1813], "NUMBER": [2, 2.0, "2", 3, "tres"]}
    entities = ["Álvarez", "alvarez", "Potosí", "POTOSI", "Sucre", None]

    def doc(name, n_mentions, n_events, prefix):
        ms = []
        for k in range(n_mentions):
            t = rng.choice(TYPES)
            s = rng.randrange(0, 60)
            m = M(f"{prefix}{k + 1}", t, s, s + rng.randrange(1, 9))
            if t in values:
                m["value"] = rng.choice(values[t])
            elif t in ("PERSON", "PLACE"):
                e = rng.choice(entities)
                if e is not None:
                    m["entity"] = e
            ms.append(m)
        evs = []
        for k in range(n_events):
            s = rng.randrange(60, 90)
            evs.append(E(f"{prefix}E{k + 1}", rng.choice(["MOVE", "BATTLE", "JOIN"]), s, s + rng.randrange(1, 6),
                         *[(rng.choice(["agent", "place", "date"]), rng.choice(ms)["id"]) for _ in range(rng.randrange(0, 4))]))
        return {"doc": name, "mentions": ms, "events": evs}

    def jitter(gold):
        """The gold, each span moved a little, some types, values and roles
        changed, ids renamed, a few things dropped and added."""
        ms, new = [], {}
        for m in gold["mentions"]:
            if rng.random() < 0.15:
                continue
            p = copy.deepcopy(m)
            p["id"] = new[m["id"]] = "P" + m["id"][1:]
            p["start"] = max(0, m["start"] + rng.randrange(-2, 3))
            p["end"] = max(p["start"] + 1, m["end"] + rng.randrange(-2, 3))
            p["text"] = "x" * (p["end"] - p["start"])
            if rng.random() < 0.2:
                p["type"] = rng.choice(TYPES)
                fill(p, rng)
            elif "value" in p and rng.random() < 0.3:
                p["value"] = rng.choice(values[p["type"]])
            elif p["type"] in ("PERSON", "PLACE") and rng.random() < 0.3:
                p["entity"] = rng.choice([e for e in entities if e])
            ms.append(p)
        ms += doc("", rng.randrange(0, 8), 0, "X")["mentions"]
        evs = []
        for e in gold["events"]:
            if rng.random() < 0.15:
                continue
            p = copy.deepcopy(e)
            p["id"] = "P" + e["id"]
            t = p["trigger"]
            t["start"] = max(0, t["start"] + rng.randrange(-1, 2))
            t["end"] = max(t["start"] + 1, t["end"] + rng.randrange(-1, 2))
            t["text"] = "x" * (t["end"] - t["start"])
            if rng.random() < 0.25:
                p["type"] = rng.choice(["MOVE", "BATTLE", "JOIN"])
            p["args"] = [{"role": a["role"] if rng.random() < 0.8 else rng.choice(["agent", "place", "date"]),
                          "ref": new[a["ref"]] if a["ref"] in new and rng.random() < 0.8 else rng.choice(ms)["id"]}
                         for a in e["args"] if rng.random() < 0.85]
            evs.append(p)
        evs += doc("", 1, rng.randrange(0, 3), "Y")["events"]
        for e in evs:
            e["args"] = [a for a in e["args"] if any(m["id"] == a["ref"] for m in ms)]
        rng.shuffle(ms)
        rng.shuffle(evs)
        return {"doc": gold["doc"], "mentions": ms, "events": evs}

    for d in range(docs):
        name = f"crowded{d + 1}"
        gold = doc(name, rng.randrange(10, 40), rng.randrange(3, 12), "G")
        write(os.path.join(case, "gold", name + ".json"), gold)
        write(os.path.join(case, "pred", name + ".json"), jitter(gold))


def expected(name, texts):
    case = os.path.join(HERE, name)
    base = [sys.executable, SCORE_PY, os.path.join(case, "gold"), os.path.join(case, "pred"), "--json"]
    if texts:
        base += ["--texts", os.path.join(ROOT, "corpus")]
    out = subprocess.run(base, check=True, capture_output=True, text=True).stdout
    if json.loads(out)["bad_text_slices"]:
        sys.exit(f"{name}: a perturbed text does not match its slice")
    with open(os.path.join(case, "expected.json"), "w") as f:
        f.write(out)
    for doc in sorted(os.listdir(os.path.join(case, "gold"))):
        d = doc[:-5]
        out = subprocess.run(base + ["--docs", d], check=True, capture_output=True, text=True).stdout
        os.makedirs(os.path.join(case, "expected-docs"), exist_ok=True)
        with open(os.path.join(case, "expected-docs", d + ".json"), "w") as f:
            f.write(out)


def folds():
    """The reference's entity folding of every gold entity and a few spellings
    of the period, for the Rust test that checks cronista folds alike."""
    sys.path.insert(0, os.path.dirname(SCORE_PY))
    from score import fold
    names = set()
    for doc in sorted(os.listdir(os.path.join(ROOT, "gold"))):
        for m in json.load(open(os.path.join(ROOT, "gold", doc), encoding="utf-8"))["mentions"]:
            if m.get("entity"):
                names.add(m["entity"])
    names |= {"Álvarez", "ALVAREZ", "Olañeta", "OLAÑETA", "Potosi\u0301", "Aráoz de Lamadrid", "Güemes", "Río de la Plata"}
    with open(os.path.join(HERE, "folds.tsv"), "w", encoding="utf-8") as f:
        f.write("# Entity folding as the reference scorer does it (score.py's fold), for every\n")
        f.write("# entity in gold/ and a few spellings; written by make_fixtures.py.\n")
        f.write("# source: ../shared/reference/score.py applied to gold/*.json\n")
        f.write("# entity\tfolded\n")
        for n in sorted(names):
            f.write(f"{n}\t{fold(n)}\n")


def main():
    folds()
    for name in ("light", "mixed", "heavy", "ties", "crowded"):
        shutil.rmtree(os.path.join(HERE, name), ignore_errors=True)
    corpus_case("light", seed=3, rate=0.08)
    corpus_case("mixed", seed=1, rate=0.2)
    corpus_case("heavy", seed=2, rate=0.45, rename=True, drop_pred=("sipe_sipe",))
    ties_case()
    crowded_case()
    for name in ("light", "mixed", "heavy"):
        expected(name, texts=True)
    expected("ties", texts=False)
    expected("crowded", texts=False)


if __name__ == "__main__":
    main()
