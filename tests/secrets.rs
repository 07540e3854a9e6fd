//! A secret given with --secret never appears in anything clickpath writes or prints: stdout, stderr
//! (with tracing on), report.json, junit.xml, report.html, DOM snapshots, screenshots' file names, the
//! procedure documents.

mod common;

use std::process::Stdio;

use common::Sites;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_never_reaches_any_artefact_or_output() {
    let sites = Sites::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = "S3cr3t-Pa55w0rd";
    let book = r#"
name: "Login with ${password}"
params:
  base: { default: "" }
  password: { required: true }
steps:
  - goto: "${base}/basics.html"
  - fill: { label: Password, value: "${password}" }
    name: "type ${password}"
    doc: "Type the password ${password}."
  - fill: { placeholder: Cerca, value: "cerco ${password}" }
  - expect: { text: "filled: password=${password}" }
  - click: "Non c'è ${password}"
    timeout: 300ms
"#;
    let path = dir.path().join("login.yaml");
    std::fs::write(&path, book).expect("runbook");
    let out_dir = dir.path().join("ev");
    let bin = env!("CARGO_BIN_EXE_clickpath");
    let mut command = tokio::process::Command::new(bin);
    command
        .arg("-v")
        .arg("run")
        .arg(&path)
        .args(["--var", &format!("base={}", sites.base)])
        .args(["--secret", &format!("password={secret}")])
        .arg("--out")
        .arg(&out_dir)
        .env("RUST_LOG", "clickpath=trace")
        .stdin(Stdio::null());
    let run = command.output().await.expect("run clickpath");
    assert_eq!(
        run.status.code(),
        Some(1),
        "the last step fails on purpose: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut outputs = vec![run.stdout, run.stderr];
    for format in ["md", "html"] {
        let docs = tokio::process::Command::new(bin)
            .arg("docs")
            .arg(&out_dir)
            .args(["--format", format])
            .output()
            .await
            .expect("docs");
        assert_eq!(
            docs.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&docs.stderr)
        );
        outputs.push(docs.stdout);
        outputs.push(docs.stderr);
    }
    for (i, bytes) in outputs.iter().enumerate() {
        assert!(
            !contains(bytes, secret),
            "output #{i} shows the secret: {}",
            String::from_utf8_lossy(bytes)
        );
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&out_dir).expect("evidence") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            !name.contains(secret),
            "a file name shows the secret: {name}"
        );
        let bytes = std::fs::read(&path).expect("read artefact");
        assert!(!contains(&bytes, secret), "{name} contains the secret");
        files.push(name);
    }
    for expected in [
        "report.json",
        "junit.xml",
        "report.html",
        "procedure.md",
        "procedure.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} was written: {files:?}"
        );
    }
    assert!(
        files.iter().any(|f| f.ends_with(".dom.html")),
        "a DOM snapshot of the failed step: {files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with(".annotated.png")),
        "annotated copies: {files:?}"
    );
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}
