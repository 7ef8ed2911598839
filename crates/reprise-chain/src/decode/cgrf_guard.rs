//! A structural pre-check of CGRF buffers before `packr-abi` decodes them.
//!
//! `packr_abi::decode` recurses once per nesting level and materialises shared (DAG) nodes by
//! cloning, so a hostile payload of a few hundred bytes could exhaust the stack or memory.
//! Theater's encoder writes trees in post-order (children before parents, spec §10), so this
//! check accepts exactly that shape, within depth and size limits, and rejects the rest with a
//! reason. It reads only the container layouts; `packr-abi` still does the real decoding.

use packr_abi::{GraphBuffer, Limits, Node, NodeKind};

/// Deepest value nesting accepted (Theater payloads nest a few dozen levels at most).
pub const MAX_VALUE_DEPTH: usize = 200;

/// Largest CGRF buffer decoded, in bytes.
pub const MAX_BUFFER_BYTES: usize = 64 * 1024 * 1024;

/// Checks that `bytes` is a CGRF tree safe to hand to `packr_abi::decode`.
pub fn check_cgrf_tree(bytes: &[u8]) -> Result<(), String> {
    let limits = Limits {
        max_buffer_size: MAX_BUFFER_BYTES,
        max_node_count: 4_000_000,
        max_payload_size: MAX_BUFFER_BYTES,
        max_sequence_len: 4_000_000,
    };
    let buffer =
        GraphBuffer::from_bytes_with_limits(bytes, &limits).map_err(|err| format!("{err:?}"))?;
    let mut depth_by_node = vec![0usize; buffer.nodes.len()];
    let mut is_referenced = vec![false; buffer.nodes.len()];
    for (node_idx, node) in buffer.nodes.iter().enumerate() {
        let children =
            node_children(node).map_err(|reason| format!("node {node_idx}: {reason}"))?;
        let mut depth = 1;
        for child in children {
            let child_idx = usize::try_from(child).unwrap_or(usize::MAX);
            if child_idx >= node_idx {
                return Err(format!(
                    "node {node_idx} refers to node {child} which does not precede it"
                ));
            }
            if std::mem::replace(&mut is_referenced[child_idx], true) {
                return Err(format!("node {child} is shared by two parents"));
            }
            depth = depth.max(depth_by_node[child_idx] + 1);
        }
        if depth > MAX_VALUE_DEPTH {
            return Err(format!("nesting deeper than {MAX_VALUE_DEPTH} levels"));
        }
        depth_by_node[node_idx] = depth;
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, len: usize) -> Result<&[u8], String> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len());
        let end = end.ok_or_else(|| "payload ends early".to_string())?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, String> {
        let raw = self.take(4)?;
        Ok(u32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]))
    }

    fn len_prefixed(&mut self) -> Result<(), String> {
        let len = self.u32()? as usize;
        self.take(len).map(|_| ())
    }

    fn count(&mut self) -> Result<usize, String> {
        let count = self.u32()? as usize;
        // Each count is followed by at least four bytes per item; this bounds allocation.
        if count > self.bytes.len() {
            return Err(format!("count {count} exceeds the payload"));
        }
        Ok(count)
    }

    fn skip_type(&mut self, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("type annotation nested too deep".into());
        }
        match self.u8()? {
            0x01..=0x06 | 0x0C..=0x13 => Ok(()),
            0x07 | 0x0A => self.skip_type(depth + 1),
            0x14 => {
                self.skip_type(depth + 1)?;
                self.skip_type(depth + 1)
            }
            0x08 | 0x09 => self.len_prefixed(),
            0x0B => {
                for _ in 0..self.count()? {
                    self.skip_type(depth + 1)?;
                }
                Ok(())
            }
            tag => Err(format!("unknown type tag 0x{tag:02x}")),
        }
    }

    fn children(&mut self, count: usize) -> Result<Vec<u32>, String> {
        (0..count).map(|_| self.u32()).collect()
    }
}

fn node_children(node: &Node) -> Result<Vec<u32>, String> {
    let mut reader = Reader {
        bytes: &node.payload,
        pos: 0,
    };
    match node.kind {
        NodeKind::List => {
            reader.skip_type(0)?;
            let count = reader.count()?;
            reader.children(count)
        }
        NodeKind::Variant => {
            reader.len_prefixed()?;
            reader.len_prefixed()?;
            reader.u32()?;
            let count = reader.count()?;
            reader.children(count)
        }
        NodeKind::Record => {
            reader.len_prefixed()?;
            let count = reader.count()?;
            for _ in 0..count {
                reader.len_prefixed()?;
            }
            reader.children(count)
        }
        NodeKind::Option => {
            reader.skip_type(0)?;
            match reader.u8()? {
                0 => Ok(Vec::new()),
                _ => reader.children(1),
            }
        }
        NodeKind::Tuple => {
            let count = reader.count()?;
            reader.children(count)
        }
        NodeKind::Result => {
            reader.skip_type(0)?;
            reader.skip_type(0)?;
            reader.u32()?;
            match reader.u8()? {
                0 => Ok(Vec::new()),
                _ => reader.children(1),
            }
        }
        _ => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use packr_abi::{encode, Value};

    fn nested_options(depth: usize) -> Value {
        let mut value = Value::U8(1);
        for _ in 0..depth {
            value = Value::Option {
                inner_type: packr_abi::ValueType::U8,
                value: Some(Box::new(value)),
            };
        }
        value
    }

    #[test]
    fn accepts_what_the_encoder_writes() {
        let bytes = encode(&nested_options(20)).unwrap();
        assert_eq!(check_cgrf_tree(&bytes), Ok(()));
    }

    #[test]
    fn rejects_deep_nesting_before_the_recursive_decoder_sees_it() {
        let bytes = encode(&nested_options(MAX_VALUE_DEPTH + 5)).unwrap();
        assert!(check_cgrf_tree(&bytes).unwrap_err().contains("deeper"));
    }

    #[test]
    fn rejects_shared_nodes_that_would_expand_exponentially() {
        // A tuple whose two children are the same node: a DAG packr would clone.
        let mut bytes = b"CGRF\x02\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00".to_vec();
        bytes.extend_from_slice(&[0x0c, 0, 0, 0, 1, 0, 0, 0, 7]);
        bytes.extend_from_slice(&[
            0x0b, 0, 0, 0, 12, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        assert!(check_cgrf_tree(&bytes).unwrap_err().contains("shared"));
    }
}
