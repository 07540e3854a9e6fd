//! Evidence: the folder of a run and the files written into it.
pub mod annotate;
pub mod capture;
pub mod naming;
pub mod pool;
pub mod visual_check;

use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder one run writes its evidence into.
#[derive(Debug, Clone)]
pub struct EvidenceDir {
    root: PathBuf,
}

impl EvidenceDir {
    /// Creates (or reuses) the folder.
    pub fn create(root: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(EvidenceDir {
            root: root.to_path_buf(),
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes a file atomically (temp file, then rename), so a crash never leaves half a file.
    ///
    /// `file_name` must be a bare name: anything with a path separator is refused.
    pub fn write(&self, file_name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        if file_name.is_empty()
            || file_name.contains(['/', '\\', '\0'])
            || file_name == "."
            || file_name == ".."
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("refusing evidence file name {file_name:?}"),
            ));
        }
        let target = self.root.join(file_name);
        let temp = self.root.join(format!(".{file_name}.tmp"));
        {
            let mut f = std::fs::File::create(&temp)?;
            f.write_all(bytes)?;
            f.sync_data()?;
        }
        std::fs::rename(&temp, &target)?;
        Ok(target)
    }
}

/// The default evidence folder: `screenshots/<runbook-slug>/<UTC timestamp>/`.
pub fn default_dir(runbook_name: &str) -> PathBuf {
    let now = time::OffsetDateTime::now_utc();
    let stamp = now
        .format(time::macros::format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_else(|_| now.unix_timestamp().to_string());
    PathBuf::from("screenshots")
        .join(naming::slug(runbook_name))
        .join(stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_refuses_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ev = EvidenceDir::create(dir.path()).expect("create");
        let path = ev.write("a.txt", b"hi").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"hi");
        assert!(ev.write("../x", b"").is_err());
        assert!(ev.write("..", b"").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
    }
}
