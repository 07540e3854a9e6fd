//! A small pool of worker threads that makes annotated copies while the run goes on.
//!
//! The step loop hands a screenshot over and moves to the next step at once; the run collects the
//! results as they come and waits for the rest only at its very end, so annotating never adds to a
//! step's time. Workers run at a lower CPU priority than the browser they share the machine with.

use std::sync::mpsc;
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
}

impl AnnotationPool {
    /// Starts `workers` threads writing into `dir`.
    pub fn new(dir: EvidenceDir, workers: usize) -> AnnotationPool {
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel::<Finished>();
        let job_rx = std::sync::Arc::new(std::sync::Mutex::new(job_rx));
        let workers = (0..workers.max(1))
            .filter_map(|n| {
                let job_rx = job_rx.clone();
                let result_tx = result_tx.clone();
                let dir = dir.clone();
                std::thread::Builder::new()
                    .name(format!("clickpath-annotate-{n}"))
                    .spawn(move || work(&job_rx, &result_tx, &dir))
                    .ok()
            })
            .collect();
        AnnotationPool {
            jobs: Some(job_tx),
            results: std::sync::Mutex::new(results),
            workers,
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
) {
    lower_priority();
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else {
            return;
        };
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

/// Linux schedules threads individually: a nicer worker yields to the browser when both want a core.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread (who = 0) only changes its scheduling niceness.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
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
}
