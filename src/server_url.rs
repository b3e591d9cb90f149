//! A server study's URL as text: the password taken out before it is remembered or shown.
//! Read from the text itself, not from what a URL parser accepts (a URL that does not parse may
//! still hold a password). A leaf: the settings and the study both use it.

/// The URL with any password taken out (`postgres://role:secret@host` → `postgres://role@host`,
/// `…?password=secret&sslmode=require` → `…?sslmode=require`).
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (address, query) = match rest.split_once('?') {
        Some((address, query)) => (address, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = address.split_at(address.find('/').unwrap_or(address.len()));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _secret)) => format!("{name}@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let kept: Vec<&str> = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|pair| !is_password_parameter(pair))
        .collect();
    if kept.is_empty() {
        format!("{scheme}://{authority}{path}")
    } else {
        format!("{scheme}://{authority}{path}?{}", kept.join("&"))
    }
}

fn is_password_parameter(pair: &str) -> bool {
    let key = pair.split_once('=').map_or(pair, |(key, _)| key);
    key.trim().eq_ignore_ascii_case("password")
}

/// Whether a URL carries a password, however it is written: `postgres://role:secret@host/…` or
/// `…?password=secret`. Read from the text itself, not from what a URL parser accepts: a URL
/// that does not parse (a typo in another parameter) may still hold one.
pub fn has_password(url: &str) -> bool {
    without_password(url) != url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_url_never_keeps_a_password() {
        assert_eq!(
            without_password("postgres://li_na:s3cret@db:5432/cq?sslmode=require"),
            "postgres://li_na@db:5432/cq?sslmode=require"
        );
        assert_eq!(
            without_password("postgres://li_na@db/cq?password=pw&sslmode=off"),
            "postgres://li_na@db/cq?sslmode=off"
        );
        assert_eq!(
            without_password("postgres://li_na@db/cq?password=pw"),
            "postgres://li_na@db/cq"
        );
        assert!(!has_password("postgres://li_na@db/cq?sslmode=require"));
        assert!(has_password("postgres://li_na:pw@db/cq?sslmode=disabled"));
        assert_eq!(
            without_password("postgres://li_na@db/cq"),
            "postgres://li_na@db/cq"
        );
        assert_eq!(
            without_password("postgres://li_na@db/cq"),
            "postgres://li_na@db/cq"
        );
    }
}
