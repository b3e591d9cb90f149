//! The coefficients by name: the one list of them, with the key each has in JSON and CSV output
//! and the name methods sections print (in English and in Chinese), and notes put in those words.

crate::listed_enum! {
    /// The coefficients by name: one list that the compiler checks, with the key each has in
    /// JSON and CSV output and the name methods sections print.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Coefficient {
        PercentAgreement,
        Holsti,
        ScottPi,
        CohenKappa,
        CohenKappaLinear,
        CohenKappaQuadratic,
        LightKappa,
        CongerKappa,
        FleissKappa,
        BrennanPrediger,
        GwetAc1,
        KrippendorffAlpha,
    }
}

impl Coefficient {
    /// The key in JSON and CSV output (the field of [`Measures`]).
    pub fn key(self) -> &'static str {
        match self {
            Coefficient::PercentAgreement => "percent_agreement",
            Coefficient::Holsti => "holsti",
            Coefficient::ScottPi => "scott_pi",
            Coefficient::CohenKappa => "cohen_kappa",
            Coefficient::CohenKappaLinear => "cohen_kappa_linear",
            Coefficient::CohenKappaQuadratic => "cohen_kappa_quadratic",
            Coefficient::LightKappa => "light_kappa",
            Coefficient::CongerKappa => "conger_kappa",
            Coefficient::FleissKappa => "fleiss_kappa",
            Coefficient::BrennanPrediger => "brennan_prediger",
            Coefficient::GwetAc1 => "gwet_ac1",
            Coefficient::KrippendorffAlpha => "krippendorff_alpha",
        }
    }

    /// The name as papers write it.
    pub fn name(self) -> &'static str {
        match self {
            Coefficient::PercentAgreement => "percent agreement",
            Coefficient::Holsti => "Holsti's coefficient",
            Coefficient::ScottPi => "Scott's π",
            Coefficient::CohenKappa => "Cohen's κ",
            Coefficient::CohenKappaLinear => "Cohen's κ (linear weights)",
            Coefficient::CohenKappaQuadratic => "Cohen's κ (quadratic weights)",
            Coefficient::LightKappa => "Light's κ",
            Coefficient::CongerKappa => "Conger's κ",
            Coefficient::FleissKappa => "Fleiss' κ",
            Coefficient::BrennanPrediger => "Brennan–Prediger κ",
            Coefficient::GwetAc1 => "Gwet's AC1",
            Coefficient::KrippendorffAlpha => "Krippendorff's α",
        }
    }

    /// The name as methods sections in `lang` write it (克里彭多夫 α 系数).
    pub fn name_in(self, lang: crate::i18n::Lang) -> String {
        match self {
            Coefficient::PercentAgreement => crate::tr_in!(lang, "coef-percent-agreement"),
            Coefficient::Holsti => crate::tr_in!(lang, "coef-holsti"),
            Coefficient::ScottPi => crate::tr_in!(lang, "coef-scott-pi"),
            Coefficient::CohenKappa => crate::tr_in!(lang, "coef-cohen-kappa"),
            Coefficient::CohenKappaLinear => crate::tr_in!(lang, "coef-cohen-kappa-linear"),
            Coefficient::CohenKappaQuadratic => crate::tr_in!(lang, "coef-cohen-kappa-quadratic"),
            Coefficient::LightKappa => crate::tr_in!(lang, "coef-light-kappa"),
            Coefficient::CongerKappa => crate::tr_in!(lang, "coef-conger-kappa"),
            Coefficient::FleissKappa => crate::tr_in!(lang, "coef-fleiss-kappa"),
            Coefficient::BrennanPrediger => crate::tr_in!(lang, "coef-brennan-prediger"),
            Coefficient::GwetAc1 => crate::tr_in!(lang, "coef-gwet-ac1"),
            Coefficient::KrippendorffAlpha => crate::tr_in!(lang, "coef-krippendorff-alpha"),
        }
    }
}

/// A report's note in words for a methods section: coefficient keys become their names
/// (`krippendorff_alpha: undefined …` → `Krippendorff's α: undefined …`). Notes that only say a
/// coefficient is not defined for this number of coders give `None`: a table that leaves those
/// columns out says it already.
pub fn readable_note(note: &str) -> Option<String> {
    if note.contains("defined for exactly 2 coders") || note.contains("for 3 coders or more") {
        return None;
    }
    let mut by_length = Coefficient::ALL;
    // Longest first, so that `cohen_kappa_linear` is not read as `cohen_kappa` + `_linear`.
    by_length.sort_by_key(|c| std::cmp::Reverse(c.key().len()));
    let mut text = note.replace("alpha_bootstrap", "α's bootstrap");
    for coefficient in by_length {
        text = text.replace(coefficient.key(), coefficient.name());
    }
    Some(text)
}
