//! The library's error type: one `Error` with an [`ErrorKind`], whose
//! `Display` is a single line that names the file and the problem, as a
//! user of the command line reads it.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong.
#[derive(Debug)]
pub enum ErrorKind {
    /// A file or directory could not be read or written.
    Io(std::io::Error),
    /// The file is not UTF-8; `byte` is the offset of the first bad byte.
    InvalidUtf8 { byte: usize },
    /// The file holds no text at all.
    Empty,
    /// The file looks binary (a NUL byte at `byte`).
    Binary { byte: usize },
    /// A JSON file does not parse or does not follow the gold format.
    Json(String),
    /// A mention's `text` is not the slice its offsets point at.
    TextMismatch {
        id: String,
        expected: String,
        found: String,
    },
    /// A data file (lexicon, gazetteer, rule table) is malformed.
    Data { line: usize, message: String },
    /// The command line asks for something impossible.
    Usage(String),
}

/// An error, with the file it concerns when there is one.
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub path: Option<PathBuf>,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, path: None }
    }
    pub fn at(kind: ErrorKind, path: impl AsRef<Path>) -> Error {
        Error {
            kind,
            path: Some(path.as_ref().to_path_buf()),
        }
    }
    pub fn io(err: std::io::Error, path: impl AsRef<Path>) -> Error {
        Error::at(ErrorKind::Io(err), path)
    }
    pub fn data(file: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Error {
        Error::at(
            ErrorKind::Data {
                line,
                message: message.into(),
            },
            file,
        )
    }
    pub fn json(path: impl AsRef<Path>, message: impl Into<String>) -> Error {
        Error::at(ErrorKind::Json(message.into()), path)
    }
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage(message.into()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}: ", p.display())?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::InvalidUtf8 { byte } => write!(f, "invalid UTF-8 at byte {byte}"),
            ErrorKind::Empty => write!(f, "empty file"),
            ErrorKind::Binary { byte } => write!(f, "binary file (NUL byte at byte {byte})"),
            ErrorKind::Json(m) => write!(f, "{m}"),
            ErrorKind::TextMismatch {
                id,
                expected,
                found,
            } => write!(
                f,
                "mention {id}: text {expected:?} does not match the text at its offsets {found:?}"
            ),
            ErrorKind::Data { line, message } => write!(f, "line {line}: {message}"),
            ErrorKind::Usage(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
