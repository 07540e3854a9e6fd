//! The destructive guard at a real terminal: the operator types the word asked for, or the run stops.

mod common;

use common::Sites;
use common::binary::{Clickpath, Finished};

const GUARDED: &str = "name: guarded\nparams:\n  base: { default: \"\" }\nsteps:\n  - goto: \"${base}/basics.html\"\n  - click: Salva\n    destructive: true\n    doc: Salva definitivamente.\n  - expect: \"clicked: salva\"\n";

/// Runs [`GUARDED`] on a pseudo-terminal, typing `typed` once the question is on the screen.
fn run_on_a_terminal(sites: &Sites, typed: &str) -> Finished {
    let mut run = Clickpath::run()
        .runbook(GUARDED)
        .var("base", &sites.base)
        .on_terminal()
        .spawn();
    run.wait_for_stdout("Type 'Salva' to perform it");
    run.type_line(typed);
    run.wait()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_the_word_performs_the_destructive_step() {
    let sites = Sites::start().await;
    let ran = run_on_a_terminal(&sites, "Salva");
    ran.assert_screen_contains("step 2 cannot be undone: click 'Salva'")
        .assert_screen_contains("Type 'Salva' to perform it")
        .assert_exit(0);
    assert_eq!(ran.statuses()[1..], ["passed", "passed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anything_else_stops_the_run_before_it() {
    let sites = Sites::start().await;
    let ran = run_on_a_terminal(&sites, "ok");
    ran.assert_exit(4);
    assert_eq!(ran.statuses()[1..], ["blocked", "not_reached"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_at_the_question_ends_the_run_as_interrupted() {
    let sites = Sites::start().await;
    let mut run = Clickpath::run()
        .runbook(GUARDED)
        .var("base", &sites.base)
        .on_terminal()
        .spawn();
    run.wait_for_stdout("Type 'Salva' to perform it");
    // Ctrl-C typed on the terminal: the line discipline sends SIGINT to the run.
    run.type_keys("\u{3}");
    let ran = run.wait();
    ran.assert_exit(130).assert_status("interrupted");
    assert_eq!(ran.statuses()[1..], ["failed", "not_reached"]);
}
