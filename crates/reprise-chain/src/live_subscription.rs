//! `LiveSubscription`: the `subscribe` message a client of the `/ws` feed sends — where the
//! feed starts ([`FeedStart`]: the beginning of the log, a seq, or its tail) and, optionally,
//! the only actors whose events it wants. The protocol is documented in the README and in
//! `reprise-server`'s `protocol.rs`. Pure: values in, text out.

use serde_json::{json, Map, Value};

/// Where a subscription starts reading the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedStart {
    /// The first record of the log.
    Beginning,
    /// The first record whose seq is this or more.
    Seq(u64),
    /// Only records appended after the server handled the subscription.
    Tail,
}

impl FeedStart {
    /// Reads `beginning`, `tail` or a seq (a number from 1), as given in a URL.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim() {
            "beginning" => Ok(Self::Beginning),
            "tail" => Ok(Self::Tail),
            number => match number.parse::<u64>() {
                Ok(seq) if seq >= 1 => Ok(Self::Seq(seq)),
                _ => Err(format!(
                    "{number:?} is not `beginning`, `tail` or a seq (a number from 1)"
                )),
            },
        }
    }
}

/// One `subscribe` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSubscription {
    /// Where the feed starts.
    pub from: FeedStart,
    /// Only these actors' events (actor records always pass); `None` = every actor.
    pub actors: Option<Vec<String>>,
}

impl LiveSubscription {
    /// Every actor's records from `from` on.
    pub fn all_actors(from: FeedStart) -> Self {
        Self { from, actors: None }
    }

    /// The message's JSON text; `actors` is left out when it is `None`.
    pub fn to_message(&self) -> String {
        let from = match self.from {
            FeedStart::Beginning => json!("beginning"),
            FeedStart::Seq(seq) => json!({ "seq": seq }),
            FeedStart::Tail => json!("tail"),
        };
        let mut message = Map::new();
        message.insert("type".to_string(), json!("subscribe"));
        message.insert("from".to_string(), from);
        if let Some(actors) = &self.actors {
            message.insert("actors".to_string(), json!(actors));
        }
        Value::Object(message).to_string()
    }
}
