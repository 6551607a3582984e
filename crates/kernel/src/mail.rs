//! Outgoing e-mail. A mail is rendered in its recipient's language when the
//! cause happens and enqueued as a durable job in the same transaction; the
//! job runner delivers it over SMTP, into a folder, or into the log.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

use crate::db::Conn;
use crate::error::AppError;
use crate::jobs::{self, NewJob};

pub const JOB_KIND: &str = "mail.send";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// A mailing list's one-click unsubscribe address (RFC 2369, RFC 8058).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_unsubscribe: Option<String>,
    /// Files sent with it (a supplier's order as PDF and CSV).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// A file attached to a mail, kept in the job's payload until it is sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    pub filename: String,
    /// Its MIME type: `application/pdf`, `text/csv; charset=utf-8`.
    pub content_type: String,
    /// Its bytes, in base64.
    pub data: String,
}

impl Attachment {
    pub fn new(filename: &str, content_type: &str, bytes: &[u8]) -> Attachment {
        Attachment {
            filename: filename.to_owned(),
            content_type: content_type.to_owned(),
            data: B64.encode(bytes),
        }
    }
}

pub async fn enqueue<'c>(conn: impl Into<Conn<'c>>, mail: &Mail) -> Result<(), AppError> {
    jobs::enqueue(conn, NewJob::now(JOB_KIND, mail)).await
}

#[derive(Clone)]
pub enum Mailer {
    /// No SMTP configured and no folder: the log says that a mail was not
    /// sent, to whom and about what, never its body (its links are secrets).
    Log,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `file:///dir`: one `.eml` file per mail (handy for tests and debugging).
    Folder(AsyncFileTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("FREECO_SMTP_URL is not a usable SMTP URL: {0}")]
    Url(String),
    #[error("FREECO_MAIL_FROM is not a valid mailbox: {0}")]
    From(String),
}

impl Mailer {
    pub fn from_url(url: Option<&str>) -> Result<Mailer, MailerError> {
        match url {
            None | Some("") => Ok(Mailer::Log),
            Some(raw) => {
                if let Some(dir) = raw.strip_prefix("file://") {
                    let dir = PathBuf::from(dir);
                    std::fs::create_dir_all(&dir)
                        .map_err(|e| MailerError::Url(format!("{}: {e}", dir.display())))?;
                    Ok(Mailer::Folder(AsyncFileTransport::new(dir)))
                } else {
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(raw)
                        .map(|builder| Mailer::Smtp(builder.build()))
                        .map_err(|e| MailerError::Url(e.to_string()))
                }
            }
        }
    }

    pub async fn send(&self, from: &Mailbox, mail: &Mail) -> Result<(), String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("bad recipient address: {e}"))?;
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject);
        if mail.attachments.is_empty() {
            builder = builder.header(ContentType::TEXT_PLAIN);
        }
        if let Some(url) = &mail.list_unsubscribe {
            let header = |name: &'static str, value: String| {
                HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
            };
            builder = builder
                .raw_header(header("List-Unsubscribe", format!("<{url}>")))
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let message = if mail.attachments.is_empty() {
            builder.body(mail.body.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
            for a in &mail.attachments {
                let bytes = B64
                    .decode(&a.data)
                    .map_err(|e| format!("attachment {}: {e}", a.filename))?;
                let content_type = ContentType::parse(&a.content_type)
                    .map_err(|e| format!("attachment {}: {e}", a.filename))?;
                parts = parts.singlepart(
                    lettre::message::Attachment::new(a.filename.clone()).body(bytes, content_type),
                );
            }
            builder.multipart(parts)
        }
        .map_err(|e| format!("cannot build mail: {e}"))?;
        match self {
            Mailer::Log => {
                tracing::warn!(
                    to = %mail.to,
                    subject = %mail.subject,
                    "mail not sent: no SMTP configured"
                );
                Ok(())
            }
            Mailer::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            Mailer::Folder(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("mail folder: {e}")),
        }
    }
}

pub fn parse_from(from: &str) -> Result<Mailbox, MailerError> {
    from.parse().map_err(|e| MailerError::From(format!("{e}")))
}

/// The job handler that delivers enqueued mails.
pub fn register(handlers: &mut jobs::Handlers, mailer: Mailer, from: Mailbox) {
    handlers.register(JOB_KIND, move |payload| {
        let mailer = mailer.clone();
        let from = from.clone();
        async move {
            let mail: Mail =
                serde_json::from_str(&payload).map_err(|e| format!("bad mail payload: {e}"))?;
            mailer.send(&from, &mail).await?;
            metrics::counter!("freeco_mails_sent_total").increment(1);
            Ok(())
        }
    });
}
