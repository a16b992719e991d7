//! How typed fields come out of their columns: each value parsed once, as the row is read. A
//! name PawPass does not know is an error that names the column (sqlx's `ColumnDecode`), never
//! a panic and never a string passed on.

use crate::domain::{
    AccountId, AttemptResult, AuditAction, AuditOutcome, EventId, InquiryId, JobId, JobKind,
    JobState, MailId, MailKind, MailState, OperatorId, RequestId, VerificationStatus, WalkerId,
};
use sqlx::any::{Any, AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Decode, Type};

/// A closed set of names in a TEXT column, read through `FromStr`.
macro_rules! text_column {
    ($($name:ty),* $(,)?) => {$(
        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <String as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
        }

        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(
                value: ::sqlx::any::AnyValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <String as ::sqlx::Decode<::sqlx::Any>>::decode(value)?;
                Ok(text.parse::<$name>()?)
            }
        }
    )*};
}

pub(super) use text_column;

text_column!(
    JobKind,
    JobState,
    AttemptResult,
    AuditAction,
    AuditOutcome,
    MailKind,
    MailState
);
text_column!(AccountId, WalkerId, InquiryId, EventId, OperatorId, JobId, MailId, RequestId);

/// Ids are bound as they are read: as text.
macro_rules! id_binding {
    ($($name:ty),*) => {$(
        impl<'q> sqlx::Encode<'q, Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, BoxDynError> {
                <String as sqlx::Encode<'q, Any>>::encode_by_ref(&self.as_str().to_owned(), buf)
            }
        }
    )*};
}

id_binding!(AccountId, WalkerId, InquiryId, EventId, OperatorId, JobId, MailId, RequestId);

/// Persona's statuses are an open set: one PawPass does not know is kept as `Unknown`.
impl Type<Any> for VerificationStatus {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
}

impl<'r> Decode<'r, Any> for VerificationStatus {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Self::parse(&<String as Decode<Any>>::decode(value)?))
    }
}

/// A 0/1 INTEGER column (both engines store flags so), read with
/// `#[sqlx(try_from = "Flag")]` into a `bool`.
pub(super) struct Flag(bool);

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        match <i64 as Decode<Any>>::decode(value)? {
            0 => Ok(Self(false)),
            1 => Ok(Self(true)),
            other => Err(format!("a flag column holds {other}").into()),
        }
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}
