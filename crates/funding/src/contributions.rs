//! What surrounds the money: the campaign's updates feed, which its
//! runners write and its backers receive as each chose (mailed, or on the
//! site only), and the offers members make toward what the campaign asks
//! beside money (time, materials, skills, objects lent), which its runners
//! see with each offerer's word.

use kernel::db::{Db, new_id, now_ms};
use kernel::notifications::{Delivery, Kind, Notice};
use kernel::validate::schema;
use kernel::{AppError, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::campaigns;

/// A campaign the member backs posted an update.
pub const UPDATE: Kind = Kind {
    code: "funding_update",
    default: Delivery::Email,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingUpdateInput)]
pub struct UpdateInput {
    #[schema(schema_with = schema::line::<3, 160>)]
    pub title: String,
    #[schema(schema_with = schema::body::<10000>)]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingUpdate)]
pub struct Update {
    pub id: String,
    pub title: String,
    pub body: String,
    pub author_name: String,
    pub created_at: i64,
}

/// Posts an update on the campaign (its runners only), told to every
/// backer: by mail to those who asked for it, on the site to the others.
pub async fn post_update(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
    input: &UpdateInput,
) -> Result<Update, AppError> {
    let campaign = campaigns::get(db, campaign_id).await?;
    if !campaigns::runs(db, &campaign, member).await? {
        return Err(AppError::Forbidden);
    }
    let mut checks = kernel::error::Checks::new();
    let title = checks.check("title", kernel::validate::line(&input.title, 3, 160));
    let body = checks.check("body", kernel::validate::non_blank_text(&input.body, 10000));
    checks.finish()?;
    let (title, body) = (title.unwrap_or_default(), body.unwrap_or_default());
    let id = new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO funding_updates (id, campaign_id, author_id, title, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(campaign_id)
    .bind(member)
    .bind(&title)
    .bind(&body)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let (mailed, not) = crate::pledges::backers_by_mail_choice(&mut tx, campaign_id).await?;
    let link = format!("/funding/{campaign_id}#u-{id}");
    for (members, delivery) in [(mailed, Delivery::Email), (not, Delivery::App)] {
        let notice = Notice {
            kind: UPDATE,
            args: vec![("name", campaign.title.clone()), ("title", title.clone())],
            link: link.clone(),
            body: body.clone(),
            // Where a backer changes its choice: its pledge's form.
            list: Some((delivery, format!("/funding/{campaign_id}#pledge"))),
        };
        kernel::notifications::notify_many(&mut tx, &members, &notice).await?;
    }
    tx.commit().await?;
    updates(db, campaign_id)
        .await?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or(AppError::NotFound)
}

/// The campaign's updates, latest first.
pub async fn updates(db: &Db, campaign_id: &str) -> Result<Vec<Update>, AppError> {
    let rows = sqlx::query(
        "SELECT u.id, u.title, u.body, m.display_name AS author_name, u.created_at \
         FROM funding_updates u JOIN members m ON m.id = u.author_id \
         WHERE u.campaign_id = $1 ORDER BY u.created_at DESC, u.id",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Update {
                id: r.try_get("id")?,
                title: r.try_get("title")?,
                body: r.try_get("body")?,
                author_name: r.try_get("author_name")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = FundingOfferInput)]
pub struct OfferInput {
    /// A word for the campaign's runners: what, when, how to reach you.
    #[serde(default)]
    #[schema(schema_with = schema::text::<1000>)]
    pub note: String,
}

/// An offer toward an ask, as the campaign's runners see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FundingOffer)]
pub struct Offer {
    pub ask_id: String,
    pub member_name: String,
    pub note: String,
    pub created_at: i64,
}

/// The member offers toward an ask of the campaign while it takes pledges
/// (again: its word replaced). Refused once as many offered as needed.
pub async fn offer(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
    ask_id: &str,
    input: &OfferInput,
) -> Result<(), AppError> {
    let note = kernel::validate::text(&input.note, 1000).map_err(|k| AppError::field("note", k))?;
    let mut tx = db.begin().await?;
    let campaign = campaigns::lock(&mut tx, campaign_id).await?;
    let ask = campaign
        .asks
        .iter()
        .find(|a| a.id == ask_id)
        .ok_or(AppError::NotFound)?;
    if campaign.phase != "open" {
        return Err(AppError::Conflict("funding-closed"));
    }
    let changed =
        sqlx::query("UPDATE funding_offers SET note = $1 WHERE ask_id = $2 AND member_id = $3")
            .bind(&note)
            .bind(ask_id)
            .bind(member)
            .execute(&mut *tx)
            .await?;
    if changed.rows_affected() == 0 {
        if ask.offered >= ask.needed {
            return Err(AppError::Conflict("funding-ask-filled"));
        }
        sqlx::query(
            "INSERT INTO funding_offers (ask_id, member_id, campaign_id, note, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(ask_id)
        .bind(member)
        .bind(campaign_id)
        .bind(&note)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes the member's offer back.
pub async fn withdraw_offer(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
    ask_id: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let gone = sqlx::query(
        "DELETE FROM funding_offers WHERE ask_id = $1 AND member_id = $2 AND campaign_id = $3",
    )
    .bind(ask_id)
    .bind(member)
    .bind(campaign_id)
    .execute(&mut *tx)
    .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The asks the member offered toward in the campaign.
pub async fn my_offers(
    db: &Db,
    member: &MemberId,
    campaign_id: &str,
) -> Result<Vec<String>, AppError> {
    let rows =
        sqlx::query("SELECT ask_id FROM funding_offers WHERE campaign_id = $1 AND member_id = $2")
            .bind(campaign_id)
            .bind(member)
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get("ask_id"))
        .collect::<Result<_, _>>()?)
}

/// Every offer toward the campaign's asks, for its runners only.
pub async fn offers(db: &Db, member: &MemberId, campaign_id: &str) -> Result<Vec<Offer>, AppError> {
    let campaign = campaigns::get(db, campaign_id).await?;
    if !campaigns::runs(db, &campaign, member).await? {
        return Err(AppError::Forbidden);
    }
    let rows = sqlx::query(
        "SELECT o.ask_id, m.display_name, o.note, o.created_at FROM funding_offers o \
         JOIN members m ON m.id = o.member_id WHERE o.campaign_id = $1 ORDER BY o.created_at",
    )
    .bind(campaign_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(Offer {
                ask_id: r.try_get("ask_id")?,
                member_name: r.try_get("display_name")?,
                note: r.try_get("note")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// What the member offered (for its export): campaign, ask, word.
pub async fn of_member(db: &Db, member: &MemberId) -> Result<serde_json::Value, AppError> {
    let rows = sqlx::query(
        "SELECT o.campaign_id, a.title, o.note, o.created_at FROM funding_offers o \
         JOIN funding_asks a ON a.id = o.ask_id WHERE o.member_id = $1 ORDER BY o.created_at",
    )
    .bind(member)
    .fetch_all(db.pool())
    .await?;
    let offers = rows
        .iter()
        .map(|r| {
            Ok(serde_json::json!({
                "campaign_id": r.try_get::<String, _>("campaign_id")?,
                "ask": r.try_get::<String, _>("title")?,
                "note": r.try_get::<String, _>("note")?,
                "created_at": r.try_get::<i64, _>("created_at")?,
            }))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(serde_json::Value::Array(offers))
}
