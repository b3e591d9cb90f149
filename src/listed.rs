//! Enums whose list of every variant the compiler keeps: the export formats, the import
//! formats and the supervisor's tabs are offered by walking `ALL`, and a list kept by hand
//! beside the enum let a new variant be declared and never offered.

/// Declares a field-less enum and `pub const ALL`, its variants in the order declared.
///
/// ```
/// codingdesk::listed_enum! {
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Shade { Light, Dark }
/// }
/// assert_eq!(Shade::ALL, [Shade::Light, Shade::Dark]);
/// ```
#[macro_export]
macro_rules! listed_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];
        }
    };
}
