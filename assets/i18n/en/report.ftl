# Messages of the HTML report, the methods text and the exports.

## src/model.rs
level-nominal = nominal
level-ordinal = ordinal
level-interval = interval
level-ratio = ratio
kind-single = single choice
kind-multi = multiple choice
kind-number = number
kind-text = text

## src/charts.rs
chart-units = units
chart-log-scale = {" "}(log scale)

## src/analysis/items.rs
chart-by = { $field } by { $by }
chart-distribution = Distribution of { $field }
chart-units-per-year = Units per year
chart-units-per-month = Units per month
chart-units-per-weekday = Units per weekday
chart-units-per-hour = Units per hour
chart-scatter = { $y } by { $x }
item-descriptives = Descriptives of { $field }
item-timeline-split = { $units } by { $by }
item-compare = { $field } across { $by }
item-pearson = Pearson
item-spearman = Spearman
item-correlate = { $method } correlation of { $x } and { $y }

## src/stats/coefficients.rs
coef-percent-agreement = percent agreement
coef-holsti = Holsti's coefficient
coef-scott-pi = Scott's π
coef-cohen-kappa = Cohen's κ
coef-cohen-kappa-linear = Cohen's κ (linear weights)
coef-cohen-kappa-quadratic = Cohen's κ (quadratic weights)
coef-light-kappa = Light's κ
coef-conger-kappa = Conger's κ
coef-fleiss-kappa = Fleiss' κ
coef-brennan-prediger = Brennan–Prediger κ
coef-gwet-ac1 = Gwet's AC1
coef-krippendorff-alpha = Krippendorff's α

## src/report/mod.rs
report-title = { $study } — Codingdesk report
report-units = Units
report-coders = Coders
report-codes = Codes
report-codebook = Codebook
report-codebook-version = { $title } ({ $name }), version { $version }
report-primary-coder = Primary coder
report-none = none
report-unresolved = Unit × variable pairs unresolved
report-made = Report made
report-study = Study
report-final-dataset-note = Final dataset: the adjudicated value where there is one, else the value every coder who coded the unit gave, else the primary coder's value; otherwise unresolved.
report-percentages = Category percentages (final dataset)
report-crosstabs = Crosstabs
report-analyses = Analyses
report-not-computed = Not computed: { $reason }
report-reliability = Inter-coder reliability
report-too-few-coders = Not computed: agreement needs two coders or more; { $reason }.
report-masi-row = { $variable } (sets, MASI)
report-mvda-row = { $variable } (sets, mvα)
report-reliability-caption = Table 1. Inter-coder reliability by variable (codebook version { $version })
report-variable = Variable
report-percent-agreement = % agreement
report-ci = 95% CI
report-prefilled-left-out = Not rated: { $names }, numbers pre-filled from each post's metadata and the same for every coder.
report-reliability-note = Units: units coded by two coders or more. α at each variable's level of measurement, 95% CI and P(α < .800) from a seeded bootstrap. The verdict is decided as Krippendorff (2004) recommends, with the bootstrap, not by the point estimate alone: acceptable when α ≥ .800 and P(α < .800) ≤ .05 (green); tentative when α ≥ .667 and P(α < .667) ≤ .05 (yellow); otherwise unacceptable (red). Set comparisons (MASI, mvα) have no bootstrap: their verdict, marked “point estimate”, rests on α alone.
report-p-below = P(α < .800)
report-verdict = Verdict
report-level = Level
report-method-masi = sets (MASI)
report-method-mvda = sets (mvα)
report-method-binary = value present
report-indices = Composite indices
report-index = Index
report-definition = Definition
stat-mean = Mean
stat-sd = SD
stat-min = Min
stat-max = Max
report-category = Category
report-valid-percent = Valid %
report-missing = Missing
report-rolled-up = The chart rolls values up to their primary categories.
report-multi-note = Several values may apply: percentages can add up to more than 100.
report-unresolved-note =
    { $count ->
        [one] { $count } unit unresolved (coders disagree, nobody adjudicated, no primary coder) counts as missing.
       *[other] { $count } units unresolved (coders disagree, nobody adjudicated, no primary coder) count as missing.
    }
report-frequency-note = N = { $n }. Chart: valid %. { $notes }
report-crosstab-caption = { $rows } × { $columns } (counts, row %)
report-small-expected =
    { $count ->
        [one] {" "}{ $count } cell has an expected count below 5.
       *[other] {" "}{ $count } cells have an expected count below 5.
    }
report-chi-square = N = { $n }. χ²({ $df }) = { $chi2 }, { $p }, Cramér's V = { $v }.{ $small }
report-no-chi-square = χ² not computed: fewer than two categories occur.
report-appendix = Appendix: codebook
report-retired = {" "}(retired)
report-examples = Examples: { $examples }
report-counter-examples = Not: { $examples }

## src/report/analyses.rs
stat-group = Group
stat-median = Median
stat-percent-below = % below
stat-all-units = all units
report-undated =
    { $count ->
        [one] { $count } unit without a usable date.
       *[other] { $count } units without a usable date.
    }

## src/export/mod.rs (the XLSX codebook and reliability sheets)
xlsx-sheet-data = data
xlsx-sheet-codebook = codebook
xlsx-sheet-reliability = reliability
xlsx-variable = variable
xlsx-label = label
xlsx-level = level
xlsx-kind = kind
xlsx-required = required
xlsx-code = code
xlsx-value = value
xlsx-definition = definition
xlsx-retired = retired
xlsx-yes = yes
xlsx-no = no
xlsx-no-reliability = No reliability table yet: agreement needs at least two coders who coded the same units; { $reason }.

## src/export/request.rs
format-long-csv = every code: unit, coder, variable, code, label (re-importable)
format-wide-csv = one row per unit, one column per variable (Excel, R)
format-spss = wide CSV + .sps syntax with variable and value labels
format-sav = SPSS data file (.sav) with labels, levels and dates
format-xlsx = Excel workbook: data, codebook and reliability sheets
format-recal = a folder of ReCal files, one per variable
format-qdc = the codebook for other QDA programs (REFI-QDA)
format-html = the study report: reliability, percentages, charts, codebook

## src/agreement.rs
verdict-acceptable = acceptable (α ≥ .800, P(α < .800) ≤ .05)
verdict-tentative = tentative (α ≥ .667, P(α < .667) ≤ .05)
verdict-unacceptable = unacceptable
verdict-undefined = α undefined
verdict-short-acceptable = acceptable
verdict-short-tentative = tentative
verdict-short-acceptable-point = acceptable (point estimate)
verdict-short-tentative-point = tentative (point estimate)

## src/store/mod.rs
err-missing = { $file } does not exist
err-exists = { $file } already exists; choose another name or open it instead
err-column-not-in-file = { $file } was not written: the rows for its { $table } table carry a column { $column } the file does not have, and its values would have been lost. The server and this Codingdesk are of different versions: use the same version on both
err-not-project = { $file } is not a Codingdesk project file
err-newer = { $file } was written by a newer Codingdesk (schema version { $found }; this one reads up to { $supported }). Update Codingdesk to open it.
err-backup = could not back up { $file } { $purpose }: { $reason }. Nothing was changed; free some disk space (the backup needs about the project's size) and try again
err-not-writable = { $file } cannot be changed here: { $reason }; nothing was changed. Codingdesk writes beside a project (its -wal log) as you work. Copy it to a folder you can write to and open the copy (`codingdesk copy` works from here)
err-disk-full = the disk holding { $file } is full: nothing was changed. Free some space (or choose another disk) and do it again
err-not-a-file = { $file } is not a file but a pipe, a device or a socket: name the file itself
err-no-folder = { $file } cannot be written: the folder { $folder } does not exist. Create it, or choose another place
err-folder-not-writable = { $file } cannot be written: the folder { $folder } cannot be written to ({ $reason }). Choose a folder you can write to
err-folder = { $file } is a folder, not a project file: choose the .cdesk file inside it
err-unknown-unit = no unit with id '{ $id }' in this study
err-changed-elsewhere = { $variable } on unit { $unit } was changed in another window or by another program (it is now { $now }); nothing was overwritten: look at it again and code it
err-empty = empty
err-read-only = This window is read-only: { $reason }.
err-training-takes-coded = Training round “{ $round }” would take { $units } units that are already coded, with their { $codes } codes, out of the study: its agreement and results would change. Draw units nobody has coded, count the round in the study, or take them out on purpose.
err-bad-key = { $file } holds a variable key Codingdesk never writes (“{ $key }”: only letters, digits and _, starting with a letter): the file was changed outside Codingdesk and is not opened. Ask whoever sent it for the study again.
err-package-refused = { $file } was not merged: { $reason }. The master was not changed.

## src/assign.rs
err-bad-overlap = The overlap (--overlap) is a number of units or a percentage such as 20%, not '{ $text }'
err-overlap-too-large = the overlap of { $wanted } units is more than the study's { $total } units
err-no-coders = assignments need at least one coder
err-bad-seed = the seed is a whole number, not '{ $text }'
err-duplicate-coder = coder '{ $name }' is named twice
err-bad-shares = Shares (--shares) are coder=weight pairs for the chosen coders, e.g. ana=2,bo=1: { $reason }
err-no-stratum = no unit has a value for '{ $field }' to stratify by (fields: platform, account, published_at (year), or an imported column)

## src/export/mod.rs
err-too-big-for-excel = the data sheet would have { $count } { $what ->
    [rows] rows
   *[columns] columns
}, and Excel holds at most { $limit }: nothing was written. Export wide-csv or spss instead (no such limit), or export fewer coders' columns
err-cannot-write = cannot write { $file }: { $reason }
err-unknown-coder = no coder named '{ $name }' (coders: { $available })

## src/codebook/mod.rs
err-read-codebook = cannot read codebook { $file }: { $reason }
err-codebook-invalid = codebook { $file } is not valid:

## src/import/mod.rs
import-at-column = { $place } { $at }, column '{ $column }'
import-at = { $place } { $at }
import-nothing-imported = nothing was imported
import-problems = { $count } problems:
import-and-more = ... and { $count } more
import-no-rows = the file holds no rows

## src/import/table.rs
import-row = row
import-record = record
import-line = line
import-column-unnamed = column { $column } has no name in the header row
import-columns-same-name = columns { $first } and { $second } are both named '{ $name }'
import-empty = the file is empty
import-row-fields = row { $at } has { $fields } fields but the header has { $header }
import-no-records = the file holds no records

## src/import/units.rs
import-no-id = no id column: name one with --map COLUMN=id (columns: { $columns })
import-id-empty = the id is empty
import-duplicate-id = duplicate id '{ $id }' (also at { $place } { $first })
import-expected-count = expected a count such as 1234, 1.2万, 3.4w or 12k, found '{ $found }'
import-expected-date = expected a date-time (epoch seconds or milliseconds, 2024-01-05 20:30:00, 2024/1/5, 2024年1月5日...), found '{ $found }'
import-expected-duration = expected a duration in seconds or mm:ss, found '{ $found }'

## src/import/decode.rs
import-invalid-bytes = line { $line }: bytes that are not valid { $encoding }
import-invalid-bytes-bom = line { $line }: bytes that are not valid { $encoding } although the file starts with its byte-order mark
import-binary = this looks like a binary file (it contains NUL bytes), not a text table

## src/server/mod.rs
server-err-url = not a PostgreSQL address (postgres://user@host:port/database): { $reason }
server-err-connect = could not connect to the server: { $reason }
server-err-lost = the connection to the server was lost ({ $reason }). The server applies a save whole or not at all, so nothing half-saved is left there; what it had not confirmed is not on the server. When the server is reachable again, run the command again: it compares every row with what the server holds, so nothing is written twice
server-err-sql = the server refused: { $reason }
server-err-newer = the study on this server was made by a newer Codingdesk (schema version { $found }; this one reads up to { $supported }). Update Codingdesk.
server-err-not-initialised = this database holds no Codingdesk study yet: run `codingdesk server init URL` first
server-err-bad-role = '{ $role }' cannot be a role name: use lower-case letters, digits and _, starting with a letter (e.g. li_na)
server-err-holds-study = this database already holds a study: push into an empty database (createdb, then `codingdesk server init`), or pull this one
server-err-no-study = this database holds the schema but no study yet: push one first (`codingdesk push FILE URL`)
server-err-old-schema = the study on this server has an older schema (version { $found }; this Codingdesk writes { $supported }): run `codingdesk server init URL` to bring it up to date
server-err-value = a value in { $table }.{ $column } does not fit the other store's column
server-err-missing-column = the server's { $table } table has no column { $column }, which the study file has: nothing was written (its values would have been lost). The server's schema and this Codingdesk's differ: run `codingdesk server init URL` with this version to bring the server up to date
server-err-sslmode = sslmode “{ $mode }” is not one of disable, allow, prefer, require, verify-ca, verify-full (spelt in lower case with a hyphen, as libpq takes them): nothing was connected
server-err-tls = the secure connection (TLS) could not be set up: { $reason }
server-err-not-a-coder = this sign-in is not a coder of the study here: the supervisor adds coders with `codingdesk server add-coder`
server-err-conflict = someone changed the study on the server first ({ $table } { $row }): nothing was written; the study has been read again — look and do it again
study-err-profiles = the connection profiles in { $file } cannot be read: { $reason }
study-err-unknown-profile = no connection profile '{ $name }' in { $file } (profiles there: { $known }); a profile is a [NAME] table with url = "postgres://ROLE@HOST/DATABASE"
study-err-password-in-profile = the connection profile '{ $name }' holds a password: passwords are never kept in files — remove it from the URL; the window asks for it, the command line reads PGPASSWORD
report-rolled-row = { $variable } ({ $levels ->
    [one] rolled up to the parent level
   *[other] rolled up { $levels } levels
})
methods-heading = Methods (a paragraph to adapt)
methods-coders = { $count ->
    [one] One coder ({ $names }) coded
   *[other] { $count } coders ({ $names }) coded
} the study's { $units } units.
methods-subsample-drawn = The assignment drew a random reliability subsample of { $overlap } units (seed { $seed }{ $stratified }) for every coder to code independently.
methods-stratified = , stratified by { $field }
methods-subsample-overlap = Inter-coder reliability was assessed on the { $overlap } units coded independently by two coders or more.
methods-computed-on = In all, { $overlap } units were coded independently by two coders or more (not only the { $drawn } drawn), and α was computed on every one of them; n below is per variable.
methods-point-estimate-only = The set coefficients of multi-select variables have no bootstrap here, so their verdicts rest on the point estimate alone, not on P(α < .800): { $names }.
methods-coefficient = Krippendorff's α (Krippendorff, 2004) was computed at each variable's level of measurement, with 95% confidence intervals and the probability that α lies below .800 from { $samples } bootstrap resamples (Hayes & Krippendorff, 2007): { $values }.
methods-variable = { $variable }, α = { $alpha } (n = { $units } units), 95% CI [{ $low }, { $high }], P(α < .800) = { $p }
methods-variable-no-ci = { $variable }, α = { $alpha } (n = { $units } units)
methods-verdicts = Following Krippendorff (2004), a variable was accepted when α ≥ .800 and P(α < .800) ≤ .05, and used for tentative conclusions only when α ≥ .667 and P(α < .667) ≤ .05. Acceptable: { $acceptable }. Tentative: { $tentative }. Not acceptable: { $unacceptable }.
methods-software = Agreement was computed with Codingdesk { $version }.
methods-training = Before coding, the coders were trained against a gold standard that they did not see until each round closed; a coder passed a round when Krippendorff's α with the gold standard reached its threshold on every variable: { $rounds }.
methods-training-round = in “{ $round }” ({ $units } units; gold standard: { $gold }; α ≥ { $alpha_min }) { $passed } of { $coders } coders passed
methods-training-gold-coder = { $coder }'s codes
methods-training-gold-adjudicated = adjudicated values
methods-training-excluded = Training units are not part of the data analysed.
methods-training-cleared = Cleared to code the study after passing: { $names }.
err-training-closed = unit '{ $unit }' belongs to training round '{ $round }', which is closed: its codes stay as they were when the round closed
