//! The recorded scenario: a supervisor drives three counters through every way an actor's
//! chain can end, then is stopped itself.
//!
//! 1. The host spawns `supervisor` (root, state `none`), which registers for messages.
//! 2. The supervisor spawns three counters: the first two with no init state, the third with
//!    `some({"n":10})` (an explicit init state, visible only in the parent's spawn input).
//! 3. Each counter gets messages (`inc`, `add:<k>`) sent by the supervisor.
//! 4. Counter 0 gets `bogus`: its guest returns an error, so its chain ends with
//!    `wasm-error`, `shutdown`, and the supervisor's `handle-child-error` runs.
//! 5. Counter 1 gets `shutdown`: it calls `runtime/shutdown`, its chain just stops, and the
//!    supervisor's `handle-child-exit` runs.
//! 6. The supervisor stops counter 2 (`stop-child`): its chain ends with `shutdown` and the
//!    supervisor's `handle-child-external-stop` runs.
//! 7. The host stops the supervisor: its chain ends with `shutdown`.
//!
//! Invariant: every step waits until its effect is in the event log before the next starts,
//! so each chain's structure is the same on every run (hash values are not: ids and clock
//! readings differ).

use std::time::Duration;

use anyhow::{bail, Context, Result};
use theater::messages::default_init_state;
use theater::TheaterId;

use crate::event_log::ActorEvent;
use crate::export_event::{
    error_messages, has_shutdown, num_ended_calls, HANDLE_CHILD_ERROR, HANDLE_CHILD_EXIT,
    HANDLE_CHILD_EXTERNAL_STOP, HANDLE_SEND,
};
use crate::sample_actor::SampleActor;
use crate::staged_actors::StagedActors;
use crate::theater_session::TheaterSession;
use reprise_recorder::SpawnRecord;
use reprise_recorder::StartMode;

/// How long one step may take. A failing call holds the runtime for about 5 s.
const STEP_TIMEOUT: Duration = Duration::from_secs(30);

/// Messages each counter handles successfully before its ending.
const COUNTER_MESSAGES: [(usize, &str); 6] = [
    (0, "inc"),
    (0, "add:5"),
    (1, "inc"),
    (2, "inc"),
    (2, "add:7"),
    (2, "inc"),
];

/// The message that makes counter 0 fail.
pub const BAD_MESSAGE: &str = "bogus";

/// The actors of one run and the part each played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioActors {
    /// The root supervisor.
    pub supervisor: TheaterId,
    /// Counter 0: failed on the bad message.
    pub failing_counter: TheaterId,
    /// Counter 1: ended itself through `runtime/shutdown`.
    pub self_stopping_counter: TheaterId,
    /// Counter 2: started from `{"n":10}` and stopped by the supervisor.
    pub stopped_counter: TheaterId,
}

impl ScenarioActors {
    /// Each actor with the name of its part, supervisor first.
    pub fn roles(&self) -> [(TheaterId, &'static str); 4] {
        [
            (self.supervisor, "supervisor"),
            (self.failing_counter, "counter-guest-error"),
            (self.self_stopping_counter, "counter-self-shutdown"),
            (self.stopped_counter, "counter-external-stop"),
        ]
    }
}

/// Runs the scenario on `session`, with the actors staged in `staged`.
pub async fn run_scenario(
    session: &TheaterSession,
    staged: &StagedActors,
) -> Result<ScenarioActors> {
    let supervisor = staged.actor(SampleActor::Supervisor)?;
    let counter_ref = &staged.actor(SampleActor::Counter)?.manifest_ref;
    let root = session
        .start_actor(
            &supervisor.manifest_text,
            &supervisor.wasm,
            default_init_state(),
            StartMode::SpawnAndInit,
        )
        .await
        .context("cannot spawn the supervisor")?;
    let driver = Driver { session, root };

    driver.command(&format!("spawn {counter_ref}")).await?;
    driver.command(&format!("spawn {counter_ref}")).await?;
    driver
        .command(&format!("spawn {counter_ref} {{\"n\":10}}"))
        .await?;
    let children = driver.children()?;
    let [failing_counter, self_stopping_counter, stopped_counter] = children[..] else {
        bail!("expected 3 spawned counters, found {}", children.len());
    };
    let counters = [failing_counter, self_stopping_counter, stopped_counter];

    for (idx, message) in COUNTER_MESSAGES {
        driver.command(&format!("send {idx} {message}")).await?;
    }
    for (idx, counter) in counters.iter().enumerate() {
        let num_messages = COUNTER_MESSAGES.iter().filter(|(to, _)| *to == idx).count();
        driver
            .wait(
                &format!("counter {idx} to handle {num_messages} messages"),
                |events| num_ended_calls(events, *counter, HANDLE_SEND) == num_messages,
            )
            .await?;
    }
    driver.command("list").await?;

    driver.command(&format!("send 0 {BAD_MESSAGE}")).await?;
    driver
        .wait(
            "counter 0 to fail and the supervisor to hear of it",
            |events| {
                has_shutdown(events, failing_counter)
                    && num_ended_calls(events, root, HANDLE_CHILD_ERROR) == 1
            },
        )
        .await?;

    driver.command("send 1 shutdown").await?;
    driver
        .wait(
            "counter 1 to exit and the supervisor to hear of it",
            |events| num_ended_calls(events, root, HANDLE_CHILD_EXIT) == 1,
        )
        .await?;

    driver.command("stop 2").await?;
    driver
        .wait(
            "counter 2 to stop and the supervisor to hear of it",
            |events| {
                has_shutdown(events, stopped_counter)
                    && num_ended_calls(events, root, HANDLE_CHILD_EXTERNAL_STOP) == 1
            },
        )
        .await?;
    driver.command("list").await?;

    session.stop_actor(root).await?;
    driver
        .wait("the supervisor to stop", |events| {
            has_shutdown(events, root)
        })
        .await?;
    Ok(ScenarioActors {
        supervisor: root,
        failing_counter,
        self_stopping_counter,
        stopped_counter,
    })
}

/// Sends commands to the root supervisor, one at a time.
struct Driver<'s> {
    session: &'s TheaterSession,
    root: TheaterId,
}

impl Driver<'_> {
    /// Sends `command` and waits until the supervisor's `handle-send` for it has ended.
    async fn command(&self, command: &str) -> Result<()> {
        let root = self.root;
        let num_before = num_ended_calls(&self.session.log().snapshot(), root, HANDLE_SEND);
        self.session
            .send_message(root, command.as_bytes())
            .await
            .with_context(|| format!("cannot send {command:?} to the supervisor"))?;
        self.wait(&format!("the supervisor to handle {command:?}"), |events| {
            num_ended_calls(events, root, HANDLE_SEND) > num_before
        })
        .await?;
        match error_messages(&self.session.log().snapshot(), root).first() {
            Some(message) => bail!("the supervisor failed on {command:?}: {message}"),
            None => Ok(()),
        }
    }

    async fn wait(&self, what: &str, is_done: impl Fn(&[ActorEvent]) -> bool) -> Result<()> {
        self.session
            .log()
            .wait_for(what, STEP_TIMEOUT, is_done)
            .await
    }

    /// The children the supervisor spawned so far, in spawn order.
    fn children(&self) -> Result<Vec<TheaterId>> {
        Ok(self
            .session
            .log()
            .snapshot()
            .iter()
            .filter(|(id, _)| *id == self.root)
            .filter_map(|(_, event)| SpawnRecord::from_event(event))
            .map(|spawn| spawn.child)
            .collect())
    }
}
