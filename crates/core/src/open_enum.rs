//! Enums whose values come from outside (Partner Center, Graph, CSV exports).
//!
//! Partner Center adds values over time (`expired` appeared years after
//! `suspended`), and its JSON, SDK and portal spell the same value in
//! snake_case, camelCase or PascalCase. An open enum accepts every spelling of
//! the values it knows and keeps anything else verbatim in `Unknown`, so no
//! import ever loses or coerces a value.

/// Folds the spellings of one value together: `approval_pending`,
/// `approvalPending`, `ApprovalPending` and `approval-pending` are one key.
pub fn spelling_key(text: &str) -> String {
    folded(text).collect()
}

fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !matches!(c, '_' | '-' | ' ')).flat_map(char::to_lowercase)
}

/// `spelling_key(a) == spelling_key(b)` without building either key: every
/// row a profile reads parses a few of these, so they must not allocate.
pub fn same_spelling(a: &str, b: &str) -> bool {
    a == b || folded(a).eq(folded(b))
}

/// Declares an open enum: `Name { Variant => "canonical" | "alias", ... }`.
/// Serialises as its canonical string (or the unknown text, unchanged).
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident => $canon:literal $(| $alias:literal)*),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know, kept exactly as it was read.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// Parses any known spelling; anything else is kept verbatim.
            pub fn parse(text: &str) -> Self {
                let text_trimmed = text.trim();
                // Stored values are canonical: found without folding.
                $(
                    if text_trimmed == $canon {
                        return $name::$variant;
                    }
                )+
                $(
                    if $crate::open_enum::same_spelling(text_trimmed, $canon)
                        $(|| $crate::open_enum::same_spelling(text_trimmed, $alias))*
                    {
                        return $name::$variant;
                    }
                )+
                $name::Unknown(text.to_string())
            }

            /// The canonical spelling, or the unknown text as it was read.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $canon,)+
                    $name::Unknown(text) => text.as_str(),
                }
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name::parse(text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::parse(&text))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{same_spelling, spelling_key};

    crate::open_enum! {
        Sample { ApprovalPending => "approvalPending", Active => "active" | "live" }
    }

    #[test]
    fn every_spelling_of_a_known_value_parses_to_it() {
        for text in ["approvalPending", "approval_pending", "ApprovalPending", "approval-pending"] {
            assert_eq!(Sample::parse(text), Sample::ApprovalPending, "{text}");
        }
        assert_eq!(Sample::parse("live"), Sample::Active);
        assert_eq!(Sample::KNOWN, &[Sample::ApprovalPending, Sample::Active]);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let value = Sample::parse("Expired_Soon ");
        assert_eq!(value, Sample::Unknown("Expired_Soon ".into()));
        assert_eq!(value.as_str(), "Expired_Soon ");
        assert!(!value.is_known());
    }

    #[test]
    fn serde_round_trips_known_and_unknown() {
        let json = serde_json::to_string(&[Sample::Active, Sample::Unknown("新しい".into())]).unwrap();
        assert_eq!(json, r#"["active","新しい"]"#);
        let back: Vec<Sample> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![Sample::Active, Sample::Unknown("新しい".into())]);
    }

    #[test]
    fn spelling_key_ignores_case_and_separators() {
        assert_eq!(spelling_key("Is_Indirect-Reseller Of"), "isindirectresellerof");
        assert!(same_spelling("Is_Indirect-Reseller Of", "isIndirectResellerOf"));
        assert!(!same_spelling("isIndirectResellerOf", "isIndirectReseller"));
        assert!(!same_spelling("active", "inactive"));
    }
}
