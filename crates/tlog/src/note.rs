//! Checkpoints (C2SP tlog-checkpoint) signed as notes (C2SP signed-note) with
//! Ed25519.
//!
//! A checkpoint's text is the log's origin, its size and its root hash, one per
//! line. The signed note appends a blank line and one line per signature:
//! `— <key name> <base64(key id || signature)>`, where the key id is the first
//! four bytes of `SHA-256(name || "\n" || 0x01 || public key)`. The public key
//! is published as `<name>+<key id in hex>+<base64(0x01 || public key)>`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::tree::Hash;

const ED25519: u8 = 0x01;
const DASH: &str = "\u{2014} ";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the checkpoint is malformed: {0}")]
    Malformed(&'static str),
    #[error("the verifier key is malformed")]
    BadKey,
    #[error("no valid signature by {0}")]
    NotSigned(String),
}

/// The state of a log at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Names the log, e.g. `coop.example.org/freeco/log`.
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The checkpoint's text, the part that is signed.
    pub fn text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        )
    }

    pub fn parse(text: &str) -> Result<Checkpoint, NoteError> {
        let mut lines = text.split_inclusive('\n');
        let mut line = |what| {
            lines
                .next()
                .and_then(|l| l.strip_suffix('\n'))
                .ok_or(NoteError::Malformed(what))
        };
        let origin = line("no origin line")?;
        if origin.is_empty() {
            return Err(NoteError::Malformed("empty origin"));
        }
        let size = line("no size line")?;
        if size.is_empty()
            || !size.bytes().all(|b| b.is_ascii_digit())
            || size.len() > 1 && size.starts_with('0')
        {
            return Err(NoteError::Malformed("the size is not a decimal number"));
        }
        let size = size
            .parse()
            .map_err(|_| NoteError::Malformed("the size is too large"))?;
        let root = B64
            .decode(line("no root line")?)
            .ok()
            .and_then(|bytes| Hash::try_from(bytes.as_slice()).ok())
            .ok_or(NoteError::Malformed(
                "the root is not a base64 SHA-256 hash",
            ))?;
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
        })
    }
}

fn key_id(name: &str, public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public.as_bytes());
    let digest = h.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// A key that signs notes under a name.
pub struct NoteSigner {
    name: String,
    key: SigningKey,
}

impl NoteSigner {
    /// `name` must not contain spaces or `+` (the formats separate on them).
    pub fn new(name: &str, secret: &[u8; 32]) -> Result<NoteSigner, NoteError> {
        if name.is_empty() || name.contains([' ', '+', '\n']) {
            return Err(NoteError::BadKey);
        }
        Ok(NoteSigner {
            name: name.to_owned(),
            key: SigningKey::from_bytes(secret),
        })
    }

    /// The public verifier key, as published for anyone to check signatures.
    pub fn verifier(&self) -> String {
        let public = self.key.verifying_key();
        let mut encoded = vec![ED25519];
        encoded.extend_from_slice(public.as_bytes());
        format!(
            "{}+{}+{}",
            self.name,
            hex(&key_id(&self.name, &public)),
            B64.encode(encoded)
        )
    }

    /// `text` (which ends with a newline) followed by its signature.
    pub fn sign(&self, text: &str) -> String {
        let signature = self.key.sign(text.as_bytes());
        let mut blob = key_id(&self.name, &self.key.verifying_key()).to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        format!("{text}\n{DASH}{} {}\n", self.name, B64.encode(blob))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A published verifier key.
#[derive(Debug, Clone)]
pub struct NoteVerifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl NoteVerifier {
    pub fn parse(vkey: &str) -> Result<NoteVerifier, NoteError> {
        // The key itself is base64, which may contain '+': split twice only.
        let mut parts = vkey.trim().splitn(3, '+');
        let (Some(name), Some(id_hex), Some(key_b64)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(NoteError::BadKey);
        };
        let encoded = B64.decode(key_b64).map_err(|_| NoteError::BadKey)?;
        let (&[ED25519], public) = encoded.split_at(1.min(encoded.len())) else {
            return Err(NoteError::BadKey);
        };
        let public: [u8; 32] = public.try_into().map_err(|_| NoteError::BadKey)?;
        let key = VerifyingKey::from_bytes(&public).map_err(|_| NoteError::BadKey)?;
        let id = key_id(name, &key);
        if name.is_empty() || hex(&id) != id_hex {
            return Err(NoteError::BadKey);
        }
        Ok(NoteVerifier {
            name: name.to_owned(),
            id,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signed text of `note` if this key signed it; other signatures are ignored.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, NoteError> {
        let split = note
            .rfind("\n\n")
            .ok_or(NoteError::Malformed("no blank line before the signatures"))?;
        let (text, signatures) = (&note[..=split], &note[split + 2..]);
        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix(DASH) else {
                return Err(NoteError::Malformed(
                    "a signature line does not start with an em dash",
                ));
            };
            let Some((name, blob)) = rest.split_once(' ') else {
                return Err(NoteError::Malformed("a signature line has no signature"));
            };
            if name != self.name {
                continue;
            }
            let Ok(blob) = B64.decode(blob) else { continue };
            if blob.len() != 68 || blob[..4] != self.id {
                continue;
            }
            let Ok(signature) = Signature::from_slice(&blob[4..]) else {
                continue;
            };
            if self.key.verify(text.as_bytes(), &signature).is_ok() {
                return Ok(text);
            }
        }
        Err(NoteError::NotSigned(self.name.clone()))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn signer() -> NoteSigner {
        NoteSigner::new("coop.example.org/log", &[7u8; 32]).unwrap()
    }

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            origin: "coop.example.org/log".to_owned(),
            size: 42,
            root: crate::tree::leaf_hash(b"root"),
        }
    }

    #[test]
    fn a_signed_checkpoint_reads_back() {
        let note = signer().sign(&checkpoint().text());
        let verifier = NoteVerifier::parse(&signer().verifier()).unwrap();
        let text = verifier.open(&note).unwrap();
        assert_eq!(Checkpoint::parse(text).unwrap(), checkpoint());
        assert!(note.contains("\n\n\u{2014} coop.example.org/log "));
    }

    #[test]
    fn another_key_or_a_bad_key_string_is_refused() {
        let note = signer().sign(&checkpoint().text());
        let other = NoteSigner::new("coop.example.org/log", &[8u8; 32]).unwrap();
        let verifier = NoteVerifier::parse(&other.verifier()).unwrap();
        assert!(matches!(verifier.open(&note), Err(NoteError::NotSigned(_))));
        let good = signer().verifier();
        assert!(NoteVerifier::parse(&good.replace("coop", "copo")).is_err());
        assert!(NoteVerifier::parse("name+00000000+AAAA").is_err());
    }

    #[test]
    fn malformed_checkpoints_are_refused() {
        for text in [
            "",
            "origin\n",
            "origin\n12\n",
            "origin\n012\nAAAA\n",
            "origin\nx\nAAAA\n",
            "origin\n1\nnot base64\n",
        ] {
            assert!(Checkpoint::parse(text).is_err(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_changed_byte_breaks_the_signature(at in any::<usize>(), bit in 0u8..8) {
            let note = signer().sign(&checkpoint().text());
            let text_len = checkpoint().text().len();
            let mut bytes = note.clone().into_bytes();
            let at = at % text_len;
            bytes[at] ^= 1 << bit;
            if let Ok(changed) = String::from_utf8(bytes) {
                let verifier = NoteVerifier::parse(&signer().verifier()).unwrap();
                prop_assert!(verifier.open(&changed).is_err());
            }
        }

        #[test]
        fn checkpoints_round_trip(size in any::<u64>(), root in any::<[u8; 32]>(), origin in "[a-z.]{1,20}/[a-z]{1,8}") {
            let c = Checkpoint { origin, size, root };
            prop_assert_eq!(Checkpoint::parse(&c.text()).unwrap(), c);
        }
    }
}
