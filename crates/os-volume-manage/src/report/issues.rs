//! A report's list under construction, and the one rule that caps it.

use crate::limits::MAX_LISTED;
use crate::report::Issue;

/// A list of issues being found (`errors` or `warnings`).
///
/// Issues about a single field are always listed. Issues repeated per key
/// (one per metadata key, metadata value or unexpected property) are
/// listed while the list holds fewer than [`MAX_LISTED`] entries; the rest
/// are only counted, and [`IssueList::finish`] ends the list with one
/// `too_many_issues` entry saying how many. A request with 200,000 bad keys
/// thus gets a report of bounded size, and the first error is still the one
/// Cinder reports.
#[derive(Debug)]
pub(crate) struct IssueList<T> {
    items: Vec<T>,
    unlisted: usize,
}

impl<T> Default for IssueList<T> {
    fn default() -> Self {
        IssueList { items: Vec::new(), unlisted: 0 }
    }
}

impl<T> IssueList<T> {
    /// Adds an issue about a single field.
    pub(crate) fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// Adds an issue repeated per key: made (`make` runs) and listed while
    /// the list holds fewer than [`MAX_LISTED`] entries, else only counted.
    pub(crate) fn push_per_key(&mut self, make: impl FnOnce() -> T) {
        if self.items.len() < MAX_LISTED {
            self.items.push(make());
        } else {
            self.unlisted += 1;
        }
    }

    /// The listed issues so far, in order.
    pub(crate) fn items(&self) -> &[T] {
        &self.items
    }

    /// The list as a report holds it: each entry made an [`Issue`] by
    /// `issue`, then the `too_many_issues` entry if some were not listed
    /// (`what`: "error" or "warning", for its message).
    pub(crate) fn finish(self, what: &str, issue: impl FnMut(T) -> Issue) -> Vec<Issue> {
        let unlisted = self.unlisted;
        // A fresh list of exactly the size needed (collecting in place would
        // depend on `T` and `Issue` having compatible sizes).
        let mut issues = Vec::with_capacity(self.items.len() + usize::from(unlisted > 0));
        issues.extend(self.items.into_iter().map(issue));
        if unlisted > 0 {
            issues.push(Issue::too_many(unlisted, what));
        }
        issues
    }
}

impl IssueList<Issue> {
    /// [`IssueList::finish`] of a list of issues.
    pub(crate) fn into_issues(self, what: &str) -> Vec<Issue> {
        self.finish(what, |issue| issue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Code;

    fn issue(n: usize) -> Issue {
        Issue { pointer: format!("/k{n}"), code: Code::InvalidMetadataKey, message: String::new() }
    }

    #[test]
    fn per_key_issues_are_listed_up_to_the_cap_and_counted_after_it() {
        let mut list = IssueList::default();
        for n in 0..MAX_LISTED + 5 {
            list.push_per_key(|| issue(n));
        }
        // A single-field issue found later is still listed, before the count.
        list.push(issue(999_999));
        let issues = list.into_issues("error");
        assert_eq!(issues.len(), MAX_LISTED + 2);
        assert_eq!(issues[MAX_LISTED].pointer, "/k999999");
        let last = &issues[MAX_LISTED + 1];
        assert_eq!(last.code, Code::TooManyIssues);
        assert!(last.message.starts_with("5 more errors about single metadata keys"), "{}", last.message);
    }

    #[test]
    fn no_count_when_everything_is_listed() {
        let mut list = IssueList::default();
        list.push_per_key(|| issue(1));
        assert_eq!(list.into_issues("warning").len(), 1);
    }
}
