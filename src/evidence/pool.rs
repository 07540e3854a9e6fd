//! A small pool of worker threads that makes annotated copies while the run goes on.
//!
//! The step loop hands a screenshot over and moves to the next step at once; the run collects the
//! results as they come and waits for the rest only at its very end, so annotating never adds to a
//! step's time. Workers run only on a core the browser, the driver and the run leave idle, until the
//! run waits for them: then at normal priority.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::Instant;

use super::EvidenceDir;
use super::annotate::{DeviceRect, annotate};

/// One annotated copy to make.
#[derive(Debug)]
pub struct Job {
    /// The step's position in the report (0-based).
    pub step: usize,
    /// The raw screenshot.
    pub png: Vec<u8>,
    /// The element's box in device pixels of the screenshot.
    pub rect: Option<DeviceRect>,
    /// The caption.
    pub caption: String,
    /// Device pixel ratio (scales the box and caption).
    pub scale: f64,
    /// The file to write, in the evidence folder.
    pub file_name: String,
}

/// What became of a job.
#[derive(Debug)]
pub struct Finished {
    /// The step's position in the report (0-based).
    pub step: usize,
    /// The file written, or why none was.
    pub result: Result<String, String>,
    /// Time spent on it.
    pub ms: u64,
}

/// The pool; [`AnnotationPool::finish`] waits for every job.
pub struct AnnotationPool {
    jobs: Option<mpsc::Sender<Job>>,
    /// Behind a lock only so a run (and the batch that holds it) can move between threads.
    results: std::sync::Mutex<mpsc::Receiver<Finished>>,
    workers: Vec<JoinHandle<()>>,
    /// Set when the run waits for the workers: they leave the idle class.
    urgent: Arc<AtomicBool>,
}

impl AnnotationPool {
    /// Starts `workers` threads writing into `dir`.
    pub fn new(dir: EvidenceDir, workers: usize) -> AnnotationPool {
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel::<Finished>();
        let job_rx = Arc::new(std::sync::Mutex::new(job_rx));
        let urgent = Arc::new(AtomicBool::new(false));
        let workers = (0..workers.max(1))
            .filter_map(|n| {
                let job_rx = job_rx.clone();
                let result_tx = result_tx.clone();
                let dir = dir.clone();
                let urgent = urgent.clone();
                std::thread::Builder::new()
                    .name(format!("clickpath-annotate-{n}"))
                    .spawn(move || work(&job_rx, &result_tx, &dir, &urgent))
                    .ok()
            })
            .collect();
        AnnotationPool {
            jobs: Some(job_tx),
            results: std::sync::Mutex::new(results),
            workers,
            urgent,
        }
    }

    /// A pool sized for this machine: the browser needs the cores more than the annotations do.
    pub fn for_this_machine(dir: EvidenceDir) -> AnnotationPool {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        AnnotationPool::new(dir, (cores / 2).clamp(1, 4))
    }

    /// Hands a job over; returns at once.
    pub fn submit(&self, job: Job) {
        if let Some(tx) = &self.jobs
            && tx.send(job).is_err()
        {
            tracing::warn!("the annotation workers are gone; an annotated copy is missing");
        }
    }

    /// The jobs finished so far, without waiting.
    pub fn ready(&self) -> Vec<Finished> {
        self.results
            .lock()
            .map(|rx| rx.try_iter().collect())
            .unwrap_or_default()
    }

    /// Waits for every job and the workers; blocking, so call it from a blocking context.
    pub fn finish(mut self) -> Vec<Finished> {
        self.urgent.store(true, Ordering::Relaxed);
        self.jobs = None;
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        self.ready()
    }
}

fn work(
    jobs: &std::sync::Mutex<mpsc::Receiver<Job>>,
    results: &mpsc::Sender<Finished>,
    dir: &EvidenceDir,
    urgent: &AtomicBool,
) {
    lower_priority();
    let mut raised = false;
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return;
        };
        if !raised && urgent.load(Ordering::Relaxed) {
            normal_priority();
            raised = true;
        }
        let started = Instant::now();
        let result = annotate(&job.png, job.rect, &job.caption, job.scale)
            .and_then(|png| dir.write(&job.file_name, &png).map_err(|e| e.to_string()))
            .map(|_| job.file_name.clone());
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if results
            .send(Finished {
                step: job.step,
                result,
                ms,
            })
            .is_err()
        {
            return;
        }
    }
}

/// Linux schedules threads individually: a worker under SCHED_IDLE runs only on a core nothing else
/// wants (the browser, the driver and the run itself go first); where that policy is refused, it
/// is at least niced.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if !set_scheduling(libc::SCHED_IDLE, 0) {
        set_scheduling(libc::SCHED_OTHER, 10);
    }
}

/// Back to the normal class: the run is waiting for this worker now.
fn normal_priority() {
    #[cfg(target_os = "linux")]
    set_scheduling(libc::SCHED_OTHER, 0);
}

/// Puts the calling thread in a scheduling class with a niceness; false when the class is refused.
#[cfg(target_os = "linux")]
fn set_scheduling(class: libc::c_int, nice: libc::c_int) -> bool {
    // SAFETY: sched_setscheduler and setpriority on the calling thread (pid/who = 0) only change its
    // scheduling; the parameter block is a valid, initialised struct.
    unsafe {
        let param = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, class, &param) != 0 {
            return false;
        }
        libc::setpriority(libc::PRIO_PROCESS, 0, nice);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_is_done_before_finish_returns() {
        let dir = tempfile::tempdir().expect("temp dir");
        let evidence = EvidenceDir::create(dir.path()).expect("evidence dir");
        let img = image::RgbaImage::from_pixel(64, 48, image::Rgba([250, 250, 250, 255]));
        let mut png = Vec::new();
        img.write_with_encoder(image::codecs::png::PngEncoder::new(&mut png))
            .expect("encode");
        let pool = AnnotationPool::new(evidence, 2);
        for step in 0..5 {
            pool.submit(Job {
                step,
                png: png.clone(),
                rect: Some(DeviceRect {
                    x: 5.0,
                    y: 5.0,
                    width: 10.0,
                    height: 10.0,
                }),
                caption: format!("step {step}"),
                scale: 1.0,
                file_name: format!("{step:02}.annotated.png"),
            });
        }
        pool.submit(Job {
            step: 9,
            png: b"broken".to_vec(),
            rect: None,
            caption: String::new(),
            scale: 1.0,
            file_name: "x.png".into(),
        });
        let mut done = pool.finish();
        done.sort_by_key(|f| f.step);
        assert_eq!(done.len(), 6);
        assert!(done[..5].iter().all(|f| f.result.is_ok()));
        assert!(
            done[5].result.is_err(),
            "a broken screenshot is reported, not a panic"
        );
        assert!(dir.path().join("04.annotated.png").exists());
        assert!(!dir.path().join("x.png").exists());
    }

    /// The scheduling policies (field 41 of /proc/self/task/TID/stat) of this process's workers.
    #[cfg(target_os = "linux")]
    fn worker_policies() -> Vec<u32> {
        let mut out = Vec::new();
        for task in std::fs::read_dir("/proc/self/task")
            .expect("task list")
            .flatten()
        {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if !comm.starts_with("clickpath-annot") {
                continue;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
            // The name, in parentheses, may hold spaces: count the fields after its closing one.
            let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
            if let Some(policy) = after.split_whitespace().nth(41 - 3) {
                out.push(policy.parse().expect("policy number"));
            }
        }
        out
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn workers_run_in_the_idle_class() {
        const SCHED_IDLE: u32 = 5;
        let dir = tempfile::tempdir().expect("temp dir");
        let evidence = EvidenceDir::create(dir.path()).expect("evidence dir");
        let pool = AnnotationPool::new(evidence, 1);
        let deadline = Instant::now() + std::time::Duration::from_secs(5);
        let mut policies = worker_policies();
        // Other tests' pools may run in this process too: one idle-class worker is this one's.
        while !policies.contains(&SCHED_IDLE) && Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
            policies = worker_policies();
        }
        assert!(
            policies.contains(&SCHED_IDLE),
            "no annotation worker in the idle class: {policies:?}"
        );
        pool.finish();
    }
}
