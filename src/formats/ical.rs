//! iCalendar import.
pub const NAME: &str = "ical";
pub fn read(
    name: &str,
    _text: &str,
    _o: super::LoadOptions,
) -> Result<crate::schedule::Schedule, super::LoadError> {
    Err(super::LoadError::new(name, "todo"))
}
