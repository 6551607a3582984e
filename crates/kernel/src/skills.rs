//! Skills members declare, from one shared list so that a project asking
//! for "accounting" finds the members who offer it. Each skill's name is
//! the message `skill-{code}`; its commission is every member who offers it.

use crate::ids::{CollectiveId, MemberId};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use utoipa::ToSchema;

use crate::db::Db;
use crate::error::AppError;

code_enum!(Skill {
    Agriculture => "agriculture",
    Cooking => "cooking",
    Logistics => "logistics",
    Driving => "driving",
    Accounting => "accounting",
    Law => "law",
    Development => "development",
    Design => "design",
    Communication => "communication",
    Translation => "translation",
    Teaching => "teaching",
    Care => "care",
    Repair => "repair",
    Building => "building",
    Carpentry => "carpentry",
    Facilitation => "facilitation",
    Fundraising => "fundraising",
    Energy => "energy",
});

/// Parses skill codes, refusing unknown ones; keeps each once, in the list's order.
pub fn parse_all(codes: &[String]) -> Result<Vec<Skill>, AppError> {
    let mut skills = Vec::new();
    for code in codes {
        let skill =
            Skill::parse(code.trim()).ok_or(AppError::field("skills", "error-skill-unknown"))?;
        if !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    skills.sort_by_key(|s| Skill::ALL.iter().position(|a| a == s));
    Ok(skills)
}

pub async fn of_member(db: &Db, member_id: &MemberId) -> Result<Vec<Skill>, AppError> {
    let rows = sqlx::query("SELECT skill FROM member_skills WHERE member_id = $1")
        .bind(member_id)
        .fetch_all(db.pool())
        .await?;
    let mut skills: Vec<Skill> = rows
        .iter()
        .filter_map(|r| r.try_get("skill").map(Skill::parse).transpose())
        .collect::<Result<_, sqlx::Error>>()?;
    skills.sort_by_key(|s| Skill::ALL.iter().position(|a| a == s));
    Ok(skills)
}

/// Replaces the member's skills.
pub async fn set(db: &Db, member_id: &MemberId, skills: &[Skill]) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM member_skills WHERE member_id = $1")
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    for skill in skills {
        sqlx::query("INSERT INTO member_skills (member_id, skill) VALUES ($1, $2)")
            .bind(member_id)
            .bind(skill.code())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommissionMember {
    pub member_id: MemberId,
    pub display_name: String,
}

/// A skill's commission: the members who offer it (erased members left out).
pub async fn commission(db: &Db, skill: Skill) -> Result<Vec<CommissionMember>, AppError> {
    let rows = sqlx::query(
        "SELECT m.id, m.display_name FROM member_skills s JOIN members m ON m.id = s.member_id \
         WHERE s.skill = $1 AND m.erased_at IS NULL ORDER BY m.display_name",
    )
    .bind(skill.code())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(CommissionMember {
                member_id: r.try_get("id")?,
                display_name: r.try_get("display_name")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
}

/// The skills the current members of a collective offer between them.
pub async fn offered_in(db: &Db, collective_id: &CollectiveId) -> Result<Vec<Skill>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT s.skill FROM member_skills s JOIN collective_members cm \
         ON cm.member_id = s.member_id WHERE cm.collective_id = $1 AND cm.left_at IS NULL",
    )
    .bind(collective_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get("skill").map(Skill::parse).transpose())
        .collect::<Result<_, sqlx::Error>>()?)
}

/// How many members offer each skill, in the list's order.
pub async fn counts(db: &Db) -> Result<Vec<(Skill, i64)>, AppError> {
    let rows = sqlx::query(
        "SELECT s.skill, COUNT(*) AS n FROM member_skills s JOIN members m ON m.id = s.member_id \
         WHERE m.erased_at IS NULL GROUP BY s.skill",
    )
    .fetch_all(db.pool())
    .await?;
    let counted = rows
        .iter()
        .map(|r| Ok((r.try_get::<&str, _>("skill")?, r.try_get::<i64, _>("n")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Skill::ALL
        .iter()
        .map(|skill| {
            let n = counted
                .iter()
                .find(|(code, _)| *code == skill.code())
                .map_or(0, |(_, n)| *n);
            (*skill, n)
        })
        .collect())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SkillsInput {
    /// Skill codes.
    #[schema(value_type = Vec<Skill>)]
    pub skills: Vec<String>,
}
