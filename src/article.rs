//! Reading an article: its text, the text to match (Markdown markup and
//! front matter blanked out, byte for byte, so every span found in it is a
//! span of the original file), and the date it speaks as of.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::{Diag, Label};
use crate::source::{FileId, Span};

/// Where an article's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// `date:` in the article's front matter.
    FrontMatter,
    /// `article.date` in a claims file.
    Claims,
    /// `--date` on the command line.
    Option,
    /// A date printed near the top of the text ("July 03, 2024").
    Dateline,
    /// No date anywhere: checked as of today.
    Today,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub path: PathBuf,
    pub text: Arc<str>,
    /// `text` with markup, front matter and other non-prose replaced by
    /// spaces (line breaks kept), the same length as `text`.
    pub prose: String,
    pub date: Date,
    pub date_source: DateSource,
}

/// Front matter: `---` on the first line, `key: value` lines, `---`.
/// Returns the byte length of the block and its `date:` value with its span.
///
/// Hand-written rather than a YAML crate: only `date:` is read, and a YAML
/// parser would not give the byte offset needed to point at a bad date.
fn front_matter(text: &str) -> Option<(usize, Option<(String, usize)>)> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut offset = first.len() + 1;
    let mut date = None;
    for line in text.get(offset..)?.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((offset + line.len(), date));
        }
        if let Some(rest) = trimmed.strip_prefix("date:") {
            let value = rest.trim().trim_matches(|c| c == '"' || c == '\'');
            let start = offset + line.find(value).unwrap_or(0);
            date = Some((value.to_string(), start));
        }
        offset += line.len();
    }
    None
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}

/// Blank out Markdown markup: only text and inline code are kept; soft line
/// breaks become spaces so that a sentence wrapped over lines stays one.
/// Code blocks are blanked too: they hold code, data or embeds, not the
/// article's prose (as Vale and other prose linters skip them).
fn markdown_prose(text: &str, from: usize) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut prose: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'\n' { b'\n' } else { b' ' })
        .collect();
    let body = &text[from..];
    let mut in_code_block = false;
    for (event, range) in Parser::new(body).into_offset_iter() {
        let (start, end) = (from + range.start, from + range.end);
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) | Event::Code(_) if !in_code_block => {
                if let (Some(src), Some(dst)) =
                    (text.as_bytes().get(start..end), prose.get_mut(start..end))
                {
                    dst.copy_from_slice(src);
                }
            }
            Event::SoftBreak => {
                for b in prose.get_mut(start..end).into_iter().flatten() {
                    *b = b' ';
                }
            }
            _ => {}
        }
    }
    // Only whole UTF-8 sequences were copied, and the rest is ASCII.
    String::from_utf8(prose).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The reasons an article cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read article `{name}`: {source}")]
    Io {
        name: String,
        source: std::io::Error,
    },
    #[error("article `{name}` is not UTF-8 text: invalid byte at offset {offset}")]
    NotUtf8 { name: String, offset: usize },
    /// A NUL byte: an image, archive or program with a text extension
    /// (text never holds one; whether the rest is UTF-8 does not matter).
    #[error("`{name}` looks like a binary file (a NUL byte at offset {offset}); skipped")]
    Binary { name: String, offset: usize },
    #[error("`{name}` is {size} bytes, more than the limit of {limit} bytes; not checked")]
    TooLarge { name: String, size: u64, limit: u64 },
}

impl ReadError {
    pub fn to_diag(&self) -> Diag {
        let help = match self {
            ReadError::Io { .. } => "Check the path and the file's permissions.",
            ReadError::NotUtf8 { .. } => {
                "Articles must be UTF-8 text; convert the file, e.g. with iconv."
            }
            ReadError::TooLarge { .. } => {
                return Diag::error("article-too-large", self.to_string())
                    .with_help("Raise the limit with --max-size BYTES (for `check`, also `max_size` in factlint.toml) if this really is an article.");
            }
            ReadError::Binary { .. } => {
                return Diag::error("binary-article", self.to_string())
                    .with_severity(crate::diagnostic::Severity::Warning)
                    .with_help("Articles are text; leave binary files out of the paths, or exclude them in factlint.toml (UTF-16 text without a byte-order mark: convert it to UTF-8, e.g. with iconv).");
            }
        };
        Diag::error("unreadable-article", self.to_string()).with_help(help)
    }
}

pub fn read_text(path: &Path, name: &str) -> Result<String, ReadError> {
    let opened = open(path, name)?;
    read_open(opened.file, opened.size, name)
}

/// An article opened to be read.
pub struct Opened {
    pub file: std::fs::File,
    /// Its size in bytes (0 for a pipe).
    pub size: u64,
    /// Whether it is a regular file, which can be read again to show its
    /// text (a pipe cannot).
    pub regular: bool,
}

/// Open an article and learn its size in bytes and kind from the open file
/// (one system call fewer than asking the path first: archives hold tens
/// of thousands of articles).
/// The path `-` is standard input, as for most command-line tools.
pub fn open(path: &Path, name: &str) -> Result<Opened, ReadError> {
    let io = |source| ReadError::Io {
        name: name.to_string(),
        source,
    };
    let stdin = is_stdin(path);
    let file = if stdin {
        stdin_file().map_err(io)?
    } else {
        std::fs::File::open(path).map_err(io)?
    };
    let metadata = file.metadata().map_err(io)?;
    Ok(Opened {
        file,
        size: metadata.len(),
        // Standard input cannot be opened again by its name, even when it
        // is a file (`< article.txt`).
        regular: metadata.is_file() && !stdin,
    })
}

/// Whether `path` stands for standard input: `-`.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Standard input as a file of its own (a duplicate of its descriptor),
/// so that it is read as any article is.
fn stdin_file() -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        Ok(std::io::stdin().as_fd().try_clone_to_owned()?.into())
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::AsHandle;
        Ok(std::io::stdin().as_handle().try_clone_to_owned()?.into())
    }
    #[cfg(not(any(unix, windows)))]
    {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "standard input cannot be read as an article on this platform",
        ))
    }
}

/// The text of an article opened with [`open`] (its file and size).
pub fn read_open(mut file: std::fs::File, size: u64, name: &str) -> Result<String, ReadError> {
    use std::io::Read;
    /// The file read through `read` alone: `File::read_to_end` asks the
    /// file its size and position again (two more system calls).
    struct Plain<'a>(&'a mut std::fs::File);
    impl Read for Plain<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.0.read(buf)
        }
    }
    let io = |source| ReadError::Io {
        name: name.to_string(),
        source,
    };
    // Room for what the file said it holds, if there is that much memory
    // (an error, not an abort, when there is not).
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::OutOfMemory, e)))?;
    Plain(&mut file).read_to_end(&mut bytes).map_err(io)?;
    // Looked for before UTF-8: most binary files are not UTF-8 either, and
    // they are skipped with a warning, not reported as unreadable text.
    // UTF-16 text (which a byte-order mark begins) is text to convert: it
    // is reported as not UTF-8, at offset 0, as an error.
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if let Some(offset) = memchr::memchr(0, &bytes).filter(|_| !utf16) {
        return Err(ReadError::Binary {
            name: name.to_string(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Build an article from its text. `file` is its id in the run's source map
/// (for diagnostics about its front matter). The date is the front matter's
/// `date:`, else `default_date`, else a dateline in the first lines, else
/// `today`.
pub fn from_text(
    file: FileId,
    name: &str,
    path: &Path,
    text: Arc<str>,
    default_date: Option<Date>,
    today: Date,
) -> Result<Article, Diag> {
    let (body_start, fm_date) = match front_matter(&text) {
        Some((len, date)) => (len, date),
        None => (0, None),
    };
    let mut prose = if is_markdown(path) {
        markdown_prose(&text, body_start)
    } else {
        text.to_string()
    };
    if body_start > 0 {
        // Blank the front matter, keeping its line breaks.
        // One space per byte, not per character, so that offsets stay those
        // of the file (found by fuzzing: a non-ASCII front matter shifted
        // every span after it).
        // (No byte of a character of several is a line break.)
        let blank: String = text[..body_start]
            .bytes()
            .map(|b| if b == b'\n' { '\n' } else { ' ' })
            .collect();
        prose.replace_range(..body_start, &blank);
    }
    let (date, date_source) = match fm_date {
        Some((value, start)) => match value.parse::<Date>() {
            Ok(d) => (d, DateSource::FrontMatter),
            Err(_) => {
                return Err(Diag::error("article-date", format!("the front matter of `{name}` has `date: {value}`, not a date like 2024-07-04"))
                    .with_label(Label::primary(Span::new(file, start, start + value.len()), "not a date"))
                    .with_help("Write the day the article speaks as of, year-month-day."));
            }
        },
        None => match default_date {
            Some(d) => (d, DateSource::Option),
            None => match crate::extract::dates::dateline(&prose) {
                Some(d) => (d, DateSource::Dateline),
                None => (today, DateSource::Today),
            },
        },
    };
    Ok(Article {
        name: name.to_string(),
        path: path.to_path_buf(),
        text,
        prose,
        date,
        date_source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(name: &str, text: &str) -> Article {
        from_text(
            FileId(0),
            name,
            Path::new(name),
            Arc::from(text),
            None,
            jiff::civil::date(2026, 1, 1),
        )
        .expect("readable")
    }

    #[test]
    fn front_matter_gives_the_date_and_is_not_prose() {
        let a = article(
            "a.txt",
            "---\ndate: 2024-07-03\noutlet: AFP\n---\nBelarus joins.\n",
        );
        assert_eq!(a.date, jiff::civil::date(2024, 7, 3));
        assert_eq!(a.date_source, DateSource::FrontMatter);
        assert_eq!(a.prose.len(), a.text.len());
        assert!(a.prose.trim_start().starts_with("Belarus joins."));
        assert!(!a.prose.contains("outlet"));
    }

    #[test]
    fn markdown_markup_is_blanked_but_offsets_are_kept() {
        let text = "# Summit\n\nThe **SCO** met in [Astana](https://x.kz).\nIt was *hot*.\n";
        let a = article("a.md", text);
        assert_eq!(a.prose.len(), text.len());
        let i = text.find("SCO").expect("present");
        assert_eq!(&a.prose[i..i + 3], "SCO");
        assert!(!a.prose.contains("**") && !a.prose.contains("https"));
        // The soft break inside the paragraph became a space.
        let j = text.find("\nIt").expect("present");
        assert_eq!(&a.prose[j..j + 1], " ");
    }

    #[test]
    fn markdown_code_blocks_are_not_prose() {
        let text = "Intro.\n\n```\nTurkmenistan is a member of the SCO.\n```\n\n    Indented code is here.\n\nThe `SCO` met.\n";
        let a = article("a.md", text);
        // Text around them, and inline code, are kept; offsets too.
        let blank = |s: &str| s.replace(|c: char| c != '\n', " ");
        let expected = format!(
            "Intro.\n\n{}\nThe `SCO` met.\n",
            blank("```\nTurkmenistan is a member of the SCO.\n```\n\n    Indented code is here.\n")
        );
        assert_eq!(a.prose, expected);
        // A plain text article has no code blocks.
        assert!(article("a.txt", text).prose.contains("Turkmenistan"));
    }

    #[test]
    fn a_front_matter_with_non_ascii_keeps_offsets() {
        // Regression test for a crash found by fuzzing (fuzz/artifacts/article).
        let text = "---\ndate: 2024-07-03\nnote: caf\u{e9}\u{a0}\u{2018}x\n---\nThe SCO met.\n";
        let a = article("a.txt", text);
        assert_eq!(a.prose.len(), text.len());
        let i = text.find("The SCO").expect("present");
        assert_eq!(&a.prose[i..i + 7], "The SCO");
        let m = article("a.md", text);
        assert_eq!(&m.prose[i..i + 7], "The SCO");
    }

    #[test]
    fn a_bad_front_matter_date_points_at_it() {
        let err = from_text(
            FileId(0),
            "a.txt",
            Path::new("a.txt"),
            Arc::from("---\ndate: July 3\n---\nx"),
            None,
            jiff::civil::date(2026, 1, 1),
        )
        .expect_err("bad date");
        assert_eq!(err.code, "article-date");
        assert_eq!(err.labels[0].span.start, 10);
    }

    #[test]
    fn dateline_or_today() {
        let a = article("a.txt", "Title\n\nBy AFP\n\nJuly 03, 2024\n\nText.");
        assert_eq!(
            (a.date, a.date_source),
            (jiff::civil::date(2024, 7, 3), DateSource::Dateline)
        );
        let b = article("b.txt", "No date here.");
        assert_eq!(b.date_source, DateSource::Today);
    }
}
