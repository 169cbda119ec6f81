//! The changes to review (`U`): what a new version of the schedule changed for the attendee's
//! stars and notes, each with before and after, accepted one at a time or all at once.
//!
//! Nothing is accepted without being shown: `U` only opens the list, and accepting all accepts
//! the entries listed (everything, when the list is all there is). The list is derived from
//! `App::changes` (`plan::changes::detect`) and follows it: a save made elsewhere or a new
//! version of the schedule that arrives while the list is open refreshes it, the cursor staying
//! on the same session. Acceptance is a [`Change`] saved through the store like every other
//! edit, so two processes agree.

use super::{App, Effect, Mode, acknowledgement, detect};
use crate::plan::changes::{Field, ScheduleChanges, acknowledgement_of};

/// The parts of the list, in the order shown (as `hallway changes` prints them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Moved room, retimed or retitled.
    Changed,
    Cancelled,
    New,
}

/// One session to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub section: Section,
    pub id: String,
}

/// A line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewRow {
    /// A section's heading (preceded by a blank line but for the first).
    Heading(Section),
    Blank,
    /// An item's first line.
    Item(usize),
    /// A changed item's before → after: `Field::Title`, `Field::Start` (the time, end included)
    /// or `Field::Room`.
    Detail(usize, Field),
}

/// The review's state: the items, the lines they take, the selected item and the first line
/// shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    pub items: Vec<ReviewItem>,
    pub rows: Vec<ReviewRow>,
    pub cursor: usize,
    pub offset: usize,
}

impl Review {
    /// The list for `changes`.
    pub fn of(changes: &ScheduleChanges) -> Review {
        let mut review = Review::default();
        review.set(items_of(changes), changes);
        review
    }

    /// The selected item.
    pub fn selected(&self) -> Option<&ReviewItem> {
        self.items.get(self.cursor)
    }

    /// The rows of item `k`: its first row and one past its last.
    pub fn rows_of(&self, k: usize) -> (usize, usize) {
        let first = self
            .rows
            .iter()
            .position(|r| *r == ReviewRow::Item(k))
            .unwrap_or(0);
        let end = self.rows[first + 1..]
            .iter()
            .position(|r| !matches!(r, ReviewRow::Detail(i, _) if *i == k))
            .map_or(self.rows.len(), |n| first + 1 + n);
        (first, end)
    }

    /// Replaces the items, keeping the cursor on the same session when it is still listed
    /// (else at the same place).
    fn set(&mut self, items: Vec<ReviewItem>, changes: &ScheduleChanges) {
        let keep = self.selected().map(|i| i.id.clone());
        self.items = items;
        self.rows = rows_of(&self.items, changes);
        if let Some(id) = keep
            && let Some(k) = self.items.iter().position(|i| i.id == id)
        {
            self.cursor = k;
        }
        self.cursor = self.cursor.min(self.items.len().saturating_sub(1));
    }

    /// Keeps the selected item on screen, `height` lines high, with its section's heading when
    /// it is the first of its section.
    pub fn follow(&mut self, height: usize) {
        let height = height.max(1);
        if self.items.is_empty() {
            self.offset = 0;
            return;
        }
        let (first, end) = self.rows_of(self.cursor);
        let top = if first > 0 && matches!(self.rows[first - 1], ReviewRow::Heading(_)) {
            first - 1
        } else {
            first
        };
        if top < self.offset {
            self.offset = top;
        } else if end > self.offset + height {
            self.offset = (end - height).min(top);
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }
}

/// Every change as an item: changed, then cancelled, then new.
fn items_of(changes: &ScheduleChanges) -> Vec<ReviewItem> {
    let item = |section: Section| {
        move |id: &str| ReviewItem {
            section,
            id: id.to_string(),
        }
    };
    changes
        .changed_ids()
        .map(item(Section::Changed))
        .chain(
            changes
                .cancelled
                .iter()
                .map(|id| item(Section::Cancelled)(id)),
        )
        .chain(changes.new.iter().map(|id| item(Section::New)(id)))
        .collect()
}

fn rows_of(items: &[ReviewItem], changes: &ScheduleChanges) -> Vec<ReviewRow> {
    let mut rows = Vec::with_capacity(items.len() + 6);
    let mut section = None;
    for (k, item) in items.iter().enumerate() {
        if section != Some(item.section) {
            if section.is_some() {
                rows.push(ReviewRow::Blank);
            }
            rows.push(ReviewRow::Heading(item.section));
            section = Some(item.section);
        }
        rows.push(ReviewRow::Item(k));
        if let Some(c) = changes.change_of(&item.id) {
            let has = |f: Field| c.fields.contains(&f);
            if has(Field::Title) {
                rows.push(ReviewRow::Detail(k, Field::Title));
            }
            if has(Field::Start) || has(Field::End) {
                rows.push(ReviewRow::Detail(k, Field::Start));
            }
            if has(Field::Room) {
                rows.push(ReviewRow::Detail(k, Field::Room));
            }
        }
    }
    rows
}

impl App {
    /// The review, when open.
    pub fn review(&self) -> Option<&Review> {
        match &self.mode {
            Mode::Review(r) => Some(r),
            _ => None,
        }
    }

    /// Lines of the review's list on screen.
    pub fn review_height(&self) -> usize {
        crate::tui::layout::review_rows(self.areas().body)
    }

    /// Opens the review (`U`); with nothing to review, says so.
    pub(super) fn open_review(&mut self) {
        if self.plan.changes.is_empty() {
            self.status = Some("no schedule changes to review".into());
            return;
        }
        let mut review = Review::of(&self.plan.changes);
        review.follow(self.review_height());
        self.mode = Mode::Review(review);
    }

    /// Moves the review's cursor by `delta` items.
    pub(super) fn move_review(&mut self, delta: isize) {
        if let Mode::Review(r) = &mut self.mode {
            r.cursor = r
                .cursor
                .saturating_add_signed(delta)
                .min(r.items.len().saturating_sub(1));
        }
        self.follow_review();
    }

    /// Keeps the selected item on screen (after a move or a resize).
    pub(super) fn follow_review(&mut self) {
        let height = self.review_height();
        if let Mode::Review(r) = &mut self.mode {
            r.follow(height);
        }
    }

    /// Accepts the selected item (`all`: every item listed).
    pub(super) fn accept_reviewed(&mut self, all: bool) -> Option<Effect> {
        let Mode::Review(review) = &self.mode else {
            return None;
        };
        let change = if all {
            if review.items == items_of(&self.plan.changes) {
                // Everything there is: the same acceptance as `hallway changes --ack`.
                acknowledgement(&self.schedule, &self.plan.agenda)
            } else {
                acknowledgement_of(
                    &self.plan.changes,
                    review.items.iter().map(|i| i.id.as_str()),
                )
            }
        } else {
            let item = review.selected()?;
            acknowledgement_of(&self.plan.changes, [item.id.as_str()])
        };
        let accepted = if all {
            let n = review.items.len();
            format!(
                "{n} schedule change{} accepted",
                if n == 1 { "" } else { "s" }
            )
        } else {
            let id = review.selected().map(|i| i.id.as_str()).unwrap_or_default();
            let title = self
                .plan
                .changes
                .change_of(id)
                .map(|c| c.after.title.as_str())
                .or_else(|| self.plan.agenda.seen.get(id).map(|s| s.title.as_str()))
                .or_else(|| self.schedule.find(id).map(|(_, s)| s.title.as_str()))
                .unwrap_or(id);
            format!("accepted: {title}")
        };
        self.plan.agenda.apply(&change);
        self.plan.changes = detect(&self.schedule, &self.plan.agenda);
        // Cancelled sessions leave the agenda view once accepted.
        self.agenda_changed();
        self.status = Some(accepted);
        self.sync_review();
        Some(self.save(vec![change]))
    }

    /// Closes the review and selects the reviewed session in the view (a cancelled one is not
    /// in the schedule any more).
    pub(super) fn go_to_reviewed(&mut self) {
        let Some(item) = self.review().and_then(Review::selected) else {
            return;
        };
        match self.schedule.find(&item.id) {
            Some((i, _)) => {
                self.mode = Mode::Normal;
                self.select_session(i);
            }
            None => {
                self.status = Some("cancelled: it is not in this version of the schedule".into())
            }
        }
    }

    /// Follows `changes` while the review is open: new changes listed, accepted ones gone; an
    /// empty review closes.
    pub(super) fn sync_review(&mut self) {
        let height = self.review_height();
        let Mode::Review(review) = &mut self.mode else {
            return;
        };
        let items = items_of(&self.plan.changes);
        if items != review.items || rows_of(&items, &self.plan.changes) != review.rows {
            review.set(items, &self.plan.changes);
            review.follow(height);
        }
        if review.items.is_empty() {
            self.mode = Mode::Normal;
            if self.status.is_none() {
                self.status = Some("nothing left to review".into());
            }
        }
    }
}
