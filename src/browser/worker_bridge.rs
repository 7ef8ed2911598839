//! `WorkerBridge`: the page's one bridge to the analysis worker. Opens files, URLs, a link's
//! embedded session and the demo — reads their bytes on the page, sends them to
//! the analysis worker and puts replies into [`DebuggerState`]; sends the replay commands
//! [`ReplayState`] decides to the worker and lands its replies there; reads dropped or picked
//! `.wasm` files and assigns them to the shown actor.
//!
//! Invariant: a failed load only adds an error; it never removes what is already open.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reprise_chain::AnalyzedFile;
use web_sys::File;

use crate::browser::fetch_source::fetch_bytes;
use crate::browser::file_source::read_file;
use crate::browser::worker_client::WorkerClient;
use crate::state::{DebuggerState, JobOrigin, ReplayState, SessionCommands, DEMO_BYTES, DEMO_PATH};
use reprise_app::worker_protocol::{JobId, ReplayCommand, WorkerReply};

/// Files with this suffix are actor modules to replay with, not chains to open.
const WASM_SUFFIX: &str = ".wasm";

/// Handle to the bridge. Cheap to copy.
#[derive(Clone, Copy)]
pub struct WorkerBridge {
    state: DebuggerState,
    replay: ReplayState,
    client: StoredValue<Option<WorkerClient>, LocalStorage>,
}

impl WorkerBridge {
    /// Starts the worker and makes the bridge the context of the current component tree.
    pub fn provide(state: DebuggerState, replay: ReplayState) -> Self {
        let client = StoredValue::new_local(None);
        let bridge = Self {
            state,
            replay,
            client,
        };
        let spawned = WorkerClient::spawn(
            move |reply| bridge.on_reply(reply),
            move |message| bridge.fail_all(&message),
        );
        match spawned {
            Ok(worker) => client.set_value(Some(worker)),
            Err(message) => state.push_error(message),
        }
        provide_context(bridge);
        bridge
    }

    /// The bridge provided by an ancestor.
    ///
    /// # Panics
    /// When no ancestor called [`WorkerBridge::provide`]: a wiring bug.
    pub fn expect_context() -> Self {
        use_context::<Self>().expect("WorkerBridge::provide must run in an ancestor component")
    }

    /// Opens files the user picked or dropped; a `.wasm` file is assigned to the shown actor
    /// as the module to replay it with.
    pub fn open_files(&self, files: Vec<File>) {
        for file in files {
            let bridge = *self;
            if file.name().to_ascii_lowercase().ends_with(WASM_SUFFIX) {
                spawn_local(async move { bridge.assign_wasm(&file).await });
                continue;
            }
            let job_id = self.state.start_job(file.name(), JobOrigin::File);
            spawn_local(async move {
                match read_file(&file).await {
                    Ok(bytes) => bridge.analyze(job_id, &file.name(), bytes),
                    Err(message) => bridge.finish(job_id, Err(message)),
                }
            });
        }
    }

    /// Opens the file at `url`.
    pub fn open_url(&self, url: String) {
        let bridge = *self;
        let job_id = self.state.start_job(url.clone(), JobOrigin::Url);
        spawn_local(async move {
            match fetch_bytes(&url).await {
                Ok(bytes) => bridge.analyze(job_id, &url, bytes),
                Err(message) => bridge.finish(job_id, Err(message)),
            }
        });
    }

    /// Opens `bytes` (a link's embedded session) as the file `path`.
    pub fn open_bytes(&self, path: &str, bytes: &[u8]) {
        let job_id = self.state.start_job(path.to_string(), JobOrigin::Url);
        let buffer = js_sys::Uint8Array::from(bytes).buffer();
        self.analyze(job_id, path, buffer);
    }

    /// Opens the built-in demo.
    pub fn open_demo(&self) {
        let job_id = self.state.start_job(DEMO_PATH.to_string(), JobOrigin::Demo);
        let bytes = js_sys::Uint8Array::from(DEMO_BYTES).buffer();
        self.analyze(job_id, DEMO_PATH, bytes);
    }

    /// Carries out a replay control (play, step, step back, run to, cancel) on the shown
    /// actor's session in the worker.
    pub fn replay_control(&self, command: ReplayCommand) {
        self.send_replay(self.replay.control(command));
    }

    async fn assign_wasm(&self, file: &File) {
        let assigned = match read_file(file).await {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                self.replay.assign_wasm(file.name(), bytes)
            }
            Err(message) => Err(message),
        };
        match assigned {
            Ok(commands) => self.send_replay(commands),
            Err(message) => self.state.push_error(message),
        }
    }

    fn send_replay(&self, commands: SessionCommands) {
        for (session_id, command) in commands {
            let bytes = match command.encode() {
                Ok(bytes) => bytes,
                Err(err) => {
                    let message = format!("the replay command could not be encoded: {err}");
                    self.replay.fail(session_id, message);
                    continue;
                }
            };
            let is_sent = self.client.with_value(|client| match client {
                Some(client) => {
                    client.replay(session_id, &bytes);
                    true
                }
                None => false,
            });
            if !is_sent {
                let message = "the analysis worker is not running".to_string();
                self.replay.fail(session_id, message);
            }
        }
    }

    fn analyze(&self, job_id: JobId, path: &str, bytes: js_sys::ArrayBuffer) {
        let is_sent = self.client.with_value(|client| match client {
            Some(client) => {
                client.analyze(job_id, path, bytes);
                true
            }
            None => false,
        });
        if !is_sent {
            self.finish(
                job_id,
                Err(format!(
                    "{path}: not analysed, the analysis worker is not running"
                )),
            );
        }
    }

    fn on_reply(&self, reply: WorkerReply) {
        match reply {
            WorkerReply::Ready => {}
            WorkerReply::Progress { job_id, progress } => {
                self.state.report_progress(job_id, progress)
            }
            WorkerReply::Analyzed { job_id, file } => self.finish(job_id, Ok(file)),
            WorkerReply::Failed { job_id, message } => self.finish(job_id, Err(message)),
            reply @ (WorkerReply::ReplayUpdate { .. }
            | WorkerReply::ReplayFailed { .. }
            | WorkerReply::ReplayRefused { .. }) => self.replay.land(reply),
        }
    }

    fn finish(&self, job_id: JobId, result: Result<AnalyzedFile, String>) {
        let origin = self.state.finish_job(job_id, result);
        // A page opened on a URL that failed would otherwise be empty.
        if origin == Some(JobOrigin::Url)
            && self.state.is_session_empty()
            && !self.state.is_loading()
        {
            self.open_demo();
        }
    }

    /// Fails every running job and every replay session with `message` (the worker died,
    /// and its sessions with it).
    fn fail_all(&self, message: &str) {
        self.replay.fail_all(message);
        let job_ids: Vec<JobId> = self
            .state
            .jobs()
            .with_untracked(|jobs| jobs.iter().map(|job| job.job_id).collect());
        if job_ids.is_empty() {
            self.state.push_error(message.to_string());
        }
        for job_id in job_ids {
            self.state.finish_job(job_id, Err(message.to_string()));
        }
    }
}
