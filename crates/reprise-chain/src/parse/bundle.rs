//! The Reprise bundle: several actors' chains plus their metadata in one JSON object.
//!
//! ```json
//! {"format":"reprise-bundle","version":1,"actors":[{"id":"…","name":"…","parent":null,
//!   "manifest":"…","initial_state":null,"wasm_sha256":null,"wasm_base64":null,"events":[…]}]}
//! ```
//! The README documents every field. Unknown fields are ignored so newer writers stay readable.

use std::fmt;

use base64::Engine as _;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;

use crate::actor_chain::ActorChain;
use crate::parse::event_list::{EventListSeed, ParseCursor};

/// The value of the bundle's `format` field.
pub const BUNDLE_FORMAT: &str = "reprise-bundle";
/// The bundle version this Reprise reads and writes.
pub const BUNDLE_VERSION: u64 = 1;

/// A bundle as read, before its header is checked.
pub struct RawBundle {
    /// `format` field, if present.
    pub format: Option<String>,
    /// `version` field, if present.
    pub version: Option<u64>,
    /// The actors.
    pub actors: Vec<ActorChain>,
}

/// Reads a bundle object, updating `cursor` as it goes.
pub struct BundleSeed<'c> {
    /// The shared position.
    pub cursor: &'c ParseCursor,
}

impl<'de> DeserializeSeed<'de> for BundleSeed<'_> {
    type Value = RawBundle;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BundleSeed<'_> {
    type Value = RawBundle;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Reprise bundle object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut bundle = RawBundle {
            format: None,
            version: None,
            actors: Vec::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => bundle.format = Some(map.next_value()?),
                "version" => bundle.version = Some(map.next_value()?),
                "actors" => {
                    bundle.actors = map.next_value_seed(ActorListSeed {
                        cursor: self.cursor,
                    })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(bundle)
    }
}

struct ActorListSeed<'c> {
    cursor: &'c ParseCursor,
}

impl<'de> DeserializeSeed<'de> for ActorListSeed<'_> {
    type Value = Vec<ActorChain>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ActorListSeed<'_> {
    type Value = Vec<ActorChain>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of actors")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut actors = Vec::new();
        loop {
            self.cursor.actor_idx.set(Some(actors.len()));
            match seq.next_element_seed(ActorSeed {
                cursor: self.cursor,
            })? {
                Some(actor) => actors.push(actor),
                None => break,
            }
        }
        self.cursor.actor_idx.set(None);
        Ok(actors)
    }
}

struct ActorSeed<'c> {
    cursor: &'c ParseCursor,
}

impl<'de> DeserializeSeed<'de> for ActorSeed<'_> {
    type Value = ActorChain;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ActorSeed<'_> {
    type Value = ActorChain;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an actor object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut actor = ActorChain::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "id" => actor.id = map.next_value()?,
                "name" => actor.name = map.next_value()?,
                "parent" => actor.parent = map.next_value()?,
                "manifest" => actor.manifest = map.next_value()?,
                "initial_state" => actor.initial_state = map.next_value()?,
                "wasm_sha256" => actor.wasm_sha256 = map.next_value()?,
                "wasm_base64" => {
                    let text: Option<String> = map.next_value()?;
                    actor.wasm = text
                        .map(|text| base64::engine::general_purpose::STANDARD.decode(text))
                        .transpose()
                        .map_err(|err| {
                            serde::de::Error::custom(format!(
                                "wasm_base64 is not valid base64: {err}"
                            ))
                        })?;
                }
                "events" => {
                    actor.events = map.next_value_seed(EventListSeed {
                        cursor: self.cursor,
                    })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(actor)
    }
}
