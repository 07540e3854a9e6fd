//! The destructive guard at a real terminal: the operator types the word asked for, or the run stops.

mod common;

use std::process::Stdio;

use common::Sites;

/// Runs `clickpath run` under `script`, which gives it a pseudo-terminal, typing `typed` at the prompt.
async fn run_on_a_terminal(sites: &Sites, typed: &str) -> (Option<i32>, String, serde_json::Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = "name: guarded\nparams:\n  base: { default: \"\" }\nsteps:\n  - goto: \"${base}/basics.html\"\n  - click: Salva\n    destructive: true\n    doc: Salva definitivamente.\n  - expect: \"clicked: salva\"\n";
    let path = dir.path().join("book.yaml");
    std::fs::write(&path, book).expect("runbook");
    let out = dir.path().join("ev");
    let command = format!(
        "{} run {} --var base={} --out {}",
        env!("CARGO_BIN_EXE_clickpath"),
        path.display(),
        sites.base,
        out.display()
    );
    let mut child = tokio::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux)");
    let mut stdin = child.stdin.take().expect("stdin");
    // Type only once the question is on the screen: the report shows step 1 passed by then.
    let report = out.join("report.json");
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(30)
        && !std::fs::read_to_string(&report).is_ok_and(|r| r.contains("\"status\": \"passed\""))
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    use tokio::io::AsyncWriteExt;
    stdin
        .write_all(format!("{typed}\r").as_bytes())
        .await
        .expect("type");
    stdin.flush().await.expect("flush");
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the run ends")
        .expect("wait");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let json = serde_json::from_str(&std::fs::read_to_string(&report).expect("report"))
        .expect("valid report");
    (output.status.code(), text, json)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_the_word_performs_the_destructive_step() {
    let sites = Sites::start().await;
    let (code, screen, report) = run_on_a_terminal(&sites, "Salva").await;
    assert!(
        screen.contains("step 2 cannot be undone: click 'Salva'"),
        "{screen}"
    );
    assert!(screen.contains("Type 'Salva' to perform it"), "{screen}");
    assert_eq!(code, Some(0), "{screen}");
    assert_eq!(report["steps"][1]["status"], "passed");
    assert_eq!(report["steps"][2]["status"], "passed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anything_else_stops_the_run_before_it() {
    let sites = Sites::start().await;
    let (code, screen, report) = run_on_a_terminal(&sites, "ok").await;
    assert_eq!(code, Some(4), "{screen}");
    assert_eq!(report["steps"][1]["status"], "blocked");
    assert_eq!(report["steps"][2]["status"], "not_reached");
}
