//! A secret given with --secret never appears in anything clickpath writes or prints: stdout, stderr
//! (with tracing on), report.json, junit.xml, report.html, DOM snapshots, screenshots' file names, the
//! procedure documents.

mod common;

use common::Sites;
use common::binary::Clickpath;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_never_reaches_any_artefact_or_output() {
    let sites = Sites::start().await;
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
    let run = Clickpath::run()
        .arg("-v")
        .runbook_file("login.yaml", book)
        .var("base", &sites.base)
        .secret("password", secret)
        .env("RUST_LOG", "clickpath=trace")
        .output();
    assert_eq!(
        run.code(),
        Some(1),
        "the last step fails on purpose: {}",
        run.stderr()
    );
    let mut outputs = vec![run.stdout().to_owned(), run.stderr().to_owned()];
    for format in ["md", "html"] {
        let docs = Clickpath::command("docs")
            .arg(run.evidence())
            .args(["--format", format])
            .output();
        docs.assert_exit(0);
        outputs.push(docs.stdout().to_owned());
        outputs.push(docs.stderr().to_owned());
    }
    for (i, text) in outputs.iter().enumerate() {
        assert!(
            !text.contains(secret),
            "output #{i} shows the secret: {text}"
        );
    }
    let files = run.files();
    for name in &files {
        assert!(
            !name.contains(secret),
            "a file name shows the secret: {name}"
        );
        let bytes = std::fs::read(run.evidence().join(name)).expect("read artefact");
        assert!(!contains(&bytes, secret), "{name} contains the secret");
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
