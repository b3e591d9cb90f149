//! A unit's imported columns that have no fixed field (`city_gdp`, `ip_location`…), by name.
//!
//! A sorted vector rather than a `BTreeMap`: a unit has a handful of such columns, and a
//! `BTreeMap` allocates a node for eleven entries whatever it holds — about 600 bytes per unit,
//! 60 MB of a 100,000-unit study held in supervisor mode. Same order (by name), same JSON (an
//! object), same lookups.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::ExtraValue;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtraFields {
    /// Sorted by name, each name once.
    fields: Vec<(String, ExtraValue)>,
}

impl ExtraFields {
    pub fn new() -> ExtraFields {
        ExtraFields::default()
    }

    pub fn get(&self, name: &str) -> Option<&ExtraValue> {
        self.position(name).ok().map(|at| &self.fields[at].1)
    }

    /// Sets a column's value; returns the one it replaces.
    pub fn insert(&mut self, name: String, value: ExtraValue) -> Option<ExtraValue> {
        match self.position(&name) {
            Ok(at) => Some(std::mem::replace(&mut self.fields[at].1, value)),
            Err(at) => {
                self.fields.insert(at, (name, value));
                None
            }
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.fields.iter().map(|(name, _)| name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &ExtraValue)> {
        self.fields.iter().map(|(name, value)| (name, value))
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.fields
            .binary_search_by(|(probe, _)| probe.as_str().cmp(name))
    }
}

impl Extend<(String, ExtraValue)> for ExtraFields {
    /// Later values replace earlier ones of the same name, as a map's would.
    fn extend<T: IntoIterator<Item = (String, ExtraValue)>>(&mut self, iter: T) {
        for (name, value) in iter {
            self.insert(name, value);
        }
    }
}

impl FromIterator<(String, ExtraValue)> for ExtraFields {
    fn from_iter<T: IntoIterator<Item = (String, ExtraValue)>>(iter: T) -> ExtraFields {
        let mut fields = ExtraFields::new();
        fields.extend(iter);
        fields
    }
}

impl IntoIterator for ExtraFields {
    type Item = (String, ExtraValue);
    type IntoIter = std::vec::IntoIter<(String, ExtraValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.fields.into_iter()
    }
}

impl<'a> IntoIterator for &'a ExtraFields {
    type Item = (&'a String, &'a ExtraValue);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, ExtraValue)>,
        fn(&'a (String, ExtraValue)) -> (&'a String, &'a ExtraValue),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.fields.iter().map(|(name, value)| (name, value))
    }
}

impl Serialize for ExtraFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for ExtraFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ExtraFields, D::Error> {
        let map = BTreeMap::<String, ExtraValue>::deserialize(deserializer)?;
        Ok(ExtraFields {
            fields: map.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_sorted_map_and_reads_and_writes_the_same_json() {
        let mut fields = ExtraFields::new();
        assert!(
            fields
                .insert("zeta".into(), ExtraValue::Number(1.0))
                .is_none()
        );
        fields.insert("alpha".into(), ExtraValue::Text("重庆".into()));
        let old = fields.insert("zeta".into(), ExtraValue::Number(2.0));
        assert_eq!(old, Some(ExtraValue::Number(1.0)));
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["alpha", "zeta"]);
        assert_eq!(fields.get("zeta"), Some(&ExtraValue::Number(2.0)));
        assert_eq!(fields.get("nope"), None);
        let json = serde_json::to_string(&fields).unwrap();
        assert_eq!(json, r#"{"alpha":"重庆","zeta":2.0}"#);
        let map: BTreeMap<String, ExtraValue> = serde_json::from_str(&json).unwrap();
        assert_eq!(
            serde_json::to_string(&map).unwrap(),
            json,
            "a BTreeMap's JSON"
        );
        let back: ExtraFields = serde_json::from_str(&json).unwrap();
        assert_eq!(back, fields);
        let mut merged = back.clone();
        merged.extend([
            ("beta".to_owned(), ExtraValue::Number(3.0)),
            ("alpha".to_owned(), ExtraValue::Text("深圳".into())),
        ]);
        assert_eq!(merged.len(), 3);
        assert_eq!(merged.get("alpha"), Some(&ExtraValue::Text("深圳".into())));
        assert_eq!(
            (&merged)
                .into_iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["alpha", "beta", "zeta"]
        );
    }
}
