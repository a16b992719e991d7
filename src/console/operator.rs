//! The signed-in operator a use case acts for. Only the console makes one (from a session's
//! operator id, see `Console::operator`), so every audit entry names a real, enabled operator.

use crate::domain::OperatorId;
use crate::store::Actor;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    id: OperatorId,
    username: String,
}

impl Operator {
    pub(super) fn new(id: OperatorId, username: String) -> Self {
        Self { id, username }
    }

    pub fn id(&self) -> &OperatorId {
        &self.id
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    /// Who the audit log names.
    pub(super) fn actor(&self) -> Actor<'_> {
        Actor::Operator {
            id: &self.id,
            username: &self.username,
        }
    }
}
