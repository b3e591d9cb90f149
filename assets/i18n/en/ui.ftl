# Messages of the window. Ids: <area>-<what>. Plurals and numbers as Fluent does them.

## src/ui/top_bar.rs
top-coder = Coder: { $name }
top-switch-coder = Switch coder
top-supervisor = Supervisor
top-supervisor-hint = codebook, assignments, reliability, adjudication, results, exports
top-supervisor-mode = Supervisor
top-coders-desk = Coder's desk
top-more = More…
top-text-size = Text size
top-settings = Settings
top-language = Language of the window
top-save-copy = Save a copy…
top-save-copy-hint = one self-contained file with every code, to mail or archive
top-close-project = Close project
top-zoom-smaller = smaller text (Ctrl −)
top-zoom-reset = text size: click for 100 % (Ctrl 0)
top-zoom-larger = larger text (Ctrl +)
top-theme = Theme
top-theme-system = System
top-theme-light = Light
top-theme-dark = Dark
top-theme-colon = Theme:
top-loop = Loop short videos
top-loop-hint = videos up to a minute start again at their end
top-autoplay = Play each unit's video when it is shown
top-built-in-browser = Use the built-in file browser
top-built-in-browser-hint = choose files inside Codingdesk instead of the system's file dialog (used anyway where the system has none)

## src/ui/app/mod.rs
app-read-only = Read-only
app-take-over = Take over
app-dismiss = Dismiss
app-title-desk = { $coder } — { $study } — Codingdesk
app-title-supervisor = Supervisor — { $study } — Codingdesk
app-no-chinese-font = No Chinese font was found, so Chinese text shows as boxes. Install one, e.g. `sudo apt install fonts-noto-cjk` (or fonts-wqy-microhei), and restart.
app-no-chinese-font-windows = No Chinese font was found, so Chinese text shows as boxes. In Settings → Apps → Optional features, add "Chinese (Simplified) Supplemental Fonts" (Microsoft YaHei), and restart.
app-no-chinese-font-macos = No Chinese font was found, so Chinese text shows as boxes. macOS ships PingFang in /System/Library/Fonts: reinstall it with Font Book's "Restore Standard Fonts", and restart.
app-drop-units-on-start = Units files can be dropped on the start screen, to start a new project with them.

## src/ui/app/commands.rs
app-no-system-dialog = This computer has no system file dialog (no desktop portal or zenity), so Codingdesk uses its own file browser.
app-preparing-sample = Preparing the Chongqing sample study (its videos are made the first time: about a minute)…
app-creating-project = Creating the project and importing units…
import-report-title = Units imported
import-report-rows = { $rows } rows read: { $added } units added, { $media } media files linked.
import-report-encoding = Encoding: { $encoding }
import-report-platform = Platform: { $platform }
import-report-columns = Which column became which field
import-report-hint = Columns no field matched are kept as extra fields of the units. To map one differently, import again from the command line with --map COLUMN=FIELD.
import-report-close = Close
app-saved-copy = Saved a self-contained copy of the project as { $path }.
app-open-project-first = Open a project first.

## src/ui/app/project.rs
app-package-of = This is { $coder }'s package. Every code is saved in this file as you go; when you are done, send the file back to your supervisor to merge.
app-type-your-name = Type your name to start coding.

## src/ui/coder_picker.rs
picker-who = Who is coding?
picker-none-yet = No coder has coded in this study yet.
picker-i-am = I am { $name }
picker-new-coder = New coder:
picker-your-name = your name
picker-start = Start coding
picker-blind = You only ever see your own codes. Codingdesk remembers your name on this computer.

## src/ui/notice.rs
problem-open = Could not open { $path }: { $reason }. Is there a program for it (a video player, a web browser) on this computer?
problem-missing = { $path } is not there: it may have been moved or deleted, or the study's media folder is not on this computer.
problem-settings = Could not save your settings: { $reason }
problem-thread = Could not start background work: { $reason }
settings-damaged = Your settings file { $path } could not be read ({ $reason }). Codingdesk started with default settings and kept the damaged file as { $kept }.
settings-damaged-not-moved = Your settings file { $path } could not be read ({ $reason }). Codingdesk uses default settings and will not save them until that file is fixed or removed.

## src/ui/start.rs
start-tagline = Quantitative content analysis of social-media posts and short videos.
start-open-sample = Open the Chongqing sample study
start-open-project = Open a project…
start-new-project = New project…
start-drop-hint = You can also drop a project file (.cdesk) or a units file (CSV, XLSX, JSON) on this window.
start-recent = Recent projects
start-none-yet = None yet.
start-new-project-heading = New project
start-title = Title
start-title-hint = e.g. #Chongqing travel guide
start-codebook = Codebook
start-units-file = Units file
start-units-none = none (add later)
start-choose-units = Choose units file…
start-save-as = Save as
start-not-chosen = not chosen
start-choose-save = Choose where to save…
start-create = Create project

## src/ui/files.rs
files-open-project = Open a project
files-choose-units = Choose a units file
files-save-new-project = Save the new project as
files-recal-folder = Choose a folder for the ReCal files
files-export-to = Export to
files-package-folder = Choose a folder for the packages
files-packages = Choose packages to merge
files-copy = Save a copy as
files-filter-project = Codingdesk project
files-filter-units = Units
files-filter-package = Codingdesk package
files-open = Open
files-save = Save
files-cancel = Cancel
files-new-folder = New Folder
files-new-folder-name = New folder
files-refresh = Refresh
files-parent = Parent folder
files-file = File:
files-show-hidden = Show hidden

## src/ui/desk/mod.rs
desk-changed-elsewhere =
    { $count ->
        [one] Codes of { $count } unit were changed in another window or program; the desk shows what is stored now.
       *[other] Codes of { $count } units were changed in another window or program; the desk shows what is stored now.
    }
desk-taken-over = Another window took { $coder }'s desk over (this one did not answer in time, e.g. while hidden): what was typed here was saved, and this window is read-only now.
desk-typed-not-saved = { $reason } (what was typed: “{ $text }”)
desk-handed-over = Another window asked for { $coder }'s desk: what was typed here was saved, and this window is read-only now.
desk-handed-over-unsaved = Another window asked for { $coder }'s desk and has it now; this window is read-only. Not saved: { $reason }
desk-asked-for = Asked the window where { $coder }'s desk is open ({ $place }) to save and hand it over: this window takes it in a moment.
desk-claimed = { $coder }'s desk is this window's now: the other window gave it up or closed. Codes typed there are shown.
desk-not-left = Not saved, so the desk stays on this unit: { $reason }. Mend the number or clear the field.
desk-unit-unreadable = This unit could not be read: { $reason }
desk-all-done = Every unit in your queue is done.
desk-codebook-window = Codebook (F1)
desk-no-unit = No unit to show: this study has no units in your queue yet.
desk-unit-unreadable-card = This unit could not be read from the project file (the reason is in the status line). Move to another unit, or reopen the project.
desk-progress = { $done } / { $total } done
desk-partial-not-started = { $partial } partial, { $not_started } not started
desk-saved-at = saved { $time }
desk-saved-at-once = every change is saved at once
desk-editing = · editing (saved when you leave the field)
desk-key-hints = Up/Down variable · [key] picks · Space ticks · Enter next to do · Ctrl+Left/Right units · PgUp/PgDn/Home/End queue · Ctrl+Z undo · Ctrl+F find · F1 codebook

## src/ui/desk/queue.rs
queue-heading = Queue
queue-filter = Filter:
queue-filter-hint = caption, account or id (Ctrl+F)
queue-status = Status:
queue-status-all = all
queue-showing = showing { $shown } of { $total } units
queue-col-id = id
queue-col-account = account
queue-col-date = date
queue-col-status = status
queue-copy-id = Copy id
queue-training = training
queue-training-hover = A unit of training round “{ $round }”: code it as you would any unit; after the round your codes are compared with the gold standard.

## src/ui/desk/review.rs
desk-review-training = Review my training
desk-training-closed = Training round “{ $round }” is closed: your codes here are kept as they were. “Review my training” (status line) shows how they compare with the gold standard.
review-window = Review my training — { $coder }
review-round = Training round “{ $round }”
review-passed = Passed: α with the gold standard reached { $alpha_min } on every variable.
review-not-passed = Not passed yet: α with the gold standard is below { $alpha_min } on a variable. Read the definitions of your misses below; your supervisor decides on another round.
review-cleared = Cleared to code the study (after “{ $round }”, { $time }).
review-col-variable = Variable
review-col-agreement = Agreement
review-col-result = Result
review-pass = pass
review-below = below α_min
review-no-misses = No misses: every value you coded is the gold standard's.
review-misses =
    { $count ->
        [one] { $count } miss:
       *[other] { $count } misses:
    }
review-unit = unit { $unit }
review-open-unit = Open the unit
review-open-unit-named = Open unit { $unit } at { $variable }
review-you-coded = You coded: { $value }
review-you-did-not-code = You did not code this.
review-gold = Gold standard: { $value }

## src/desk.rs
status-not-started = not started
status-partial = partial
status-done = done
desk-press-take-over = press Take over to code here
desk-held-elsewhere = { $coder }'s desk is open { $place }. This window only shows the codes; take over to code here (the other window then turns read-only).

## src/store/presence.rs
holder-this-computer = in another window on this computer (process { $pid })
holder-other-computer = on { $host } (process { $pid })
holder-since = { $place } since { $opened }, last seen { $seen }

## src/ui/desk/card.rs
card-picture-alt = Picture { $name }
card-click-to-enlarge =
    { $path }
    click to enlarge
card-cannot-show = cannot show { $path }: { $reason }
card-no-media = (no media linked to this unit)
card-open-video-browser = Open the video in the browser
card-open-picture-browser = Open the picture in the browser
card-open-original = Open original
field-id = id
field-platform = platform
field-account = account
field-published = published
field-duration = duration
card-seconds = { $seconds } s
field-plays = plays
field-likes = likes
field-comments = comments
field-shares = shares
field-favourites = favourites
card-caption = Caption
card-previous-media = previous picture or video (Ctrl+PgUp)
card-kind-video = video
card-kind-picture = picture
card-media-position = { $kind } { $at } of { $count }
card-next-media = next picture or video (Ctrl+PgDn)
card-viewer-hint = { $at } of { $count } · wheel zooms ({ $zoom }%), drag pans · ← → pictures · Esc closes

## src/ui/desk/form.rs
form-heading = Coding
form-note = Note on this unit
form-required-missing = required, not coded yet
form-required = required
form-value-hover =
    { $definition }

    Examples: { $examples }
form-prefilled = pre-filled from the post's metadata; saved with your first code on this unit
form-not-a-number = { $variable }: '{ $text }' is not a number
form-codebook = Codebook
form-codebook-version = { $name } · version { $version }
form-example = e.g. { $example }
form-counter-example = not: { $example }

## src/ui/desk/video.rs
video-keys = Ctrl+Space play/pause · Alt+←/→ 5 s · Alt+Shift+←/→ 1 s · Alt+,/. frame · Alt+↓/↑ speed · Ctrl+M mute · Ctrl+E large view · Ctrl+T time into note
video-no-ffmpeg = This unit's video cannot be played here: { $hint }, then restart Codingdesk.
video-system-player = Open in the system player
video-alt = Video
video-pause = Pause
video-play = Play
video-play-hint = Ctrl+Space, or click the picture
video-back-5 = −5 s
video-back-1 = −1 s
video-forward-1 = +1 s
video-forward-5 = +5 s
video-frame-back = ◀ frame
video-frame-back-hint = Alt+, (pauses)
video-frame-forward = frame ▶
video-frame-forward-hint = Alt+. (pauses)
video-speed-hint = speed: Alt+↓ slower, Alt+↑ faster
video-mute = mute
video-volume = volume
video-loop = loop
video-large = Large view
video-insert-time = Insert time
video-insert-time-hint = Ctrl+T: puts the position, e.g. [0:12], into the unit note

## src/model.rs
field-url = link
field-title = title
field-caption = caption
field-media = media
field-video = video

## src/supervise.rs
sup-codebook-saved = Codebook saved (version { $version }).
sup-value-merged =
    Value { $from } of '{ $variable }' merged into { $into }: { $count ->
        [one] { $count } code
       *[other] { $count } codes
    } rewritten and logged; { $from } is retired (version { $version }).
sup-assignments-stored = Stored { $count } assignments: { $overlap } reliability units for every coder.
sup-training-started = Started training round “{ $round }”: { $units } units for { $coders } coders to code in their desks.
sup-training-closed = Closed training round “{ $round }”: its codes are kept as they were, and each coder can review their misses.
sup-coder-cleared = { $coder } is cleared to code the study (passed “{ $round }”).
sup-index-saved = Index '{ $name }' saved: { $formula }
sup-index-removed = Index '{ $name }' removed.
sup-item-added = '{ $title }' will be in the HTML report.
sup-package-written = { $file } ({ $units } units, { $codes } codes)
sup-packages-written-media = { $count } packages written to { $folder }: { $names }. Send each coder their file and its -media folder.
sup-packages-written = { $count } packages written to { $folder }: { $names }. Send each coder their file.
sup-merged =
    { $count ->
        [one] { $count } package merged
       *[other] { $count } packages merged
    } ({ $conflicts } conflicts listed below).
sup-nothing-to-merge = Nothing to merge: the master already holds everything in these packages.
sup-chart-saved = Chart saved as { $path }

## src/ui/supervisor/mod.rs
tab-codebook = Codebook
tab-training = Training
tab-assignments = Assignments
tab-reliability = Reliability
tab-adjudication = Adjudication
tab-results = Results
tab-analysis = Analysis
tab-export = Export
tab-team = Team
sup-figures = { $units } units · { $coders } coders · { $codes } codes · codebook version { $version }
answer-none = (none)

## src/ui/supervisor/export.rs
export-bom = CSV files start with a UTF-8 byte-order mark so that Excel shows Chinese text.
export-folder = Folder:
export-save-to = Save to:
export-choose = Choose…
export-write = Write the export
export-coders-compare = Coders to compare (none ticked: all):
export-coders-columns = Columns per coder instead of the final dataset:
export-crosstabs = Crosstabs in the report:
export-crosstab-rows = Crosstab rows
export-crosstab-columns = Crosstab columns
export-choose-lower = choose…
export-add-crosstab = Add crosstab
export-remove = remove
export-no-analyses = Analyses: add them with “Add to report” in the Analysis tab.
export-analyses = Analyses in the report (recomputed each time it is written):
export-remove-item = remove item { $id }

## src/ui/supervisor/reliability.rs
rel-ci-words = , 95% CI [{ $low }, { $high }] ({ $samples } bootstrap samples); P(α < .800) = { $below_acceptable }, P(α < .667) = { $below_tentative }
rel-words-acceptable = . Acceptable: α ≥ .800 and the bootstrap puts P(α < .800) at .05 or less — the variable can be relied on (Krippendorff 2004).
rel-words-tentative = . Tentative: α ≥ .667 with P(α < .667) ≤ .05, but not surely ≥ .800 — conclusions only with care (Krippendorff 2004); revise the codebook or retrain before the main coding.
rel-words-unacceptable = . Not acceptable: α < .667, or too likely below it (P(α < .667) > .05); revise the definitions and train the coders again, or drop the variable.
rel-words-undefined = . α is undefined: the coded values show no variation.
rel-heading = Inter-coder reliability
rel-choose-variable = Choose a variable for its pair matrix, confusion matrix and disagreements.
rel-coders-counted = Coders in agreement:
rel-coders-left-out = { $count } left out of α (their codes stay in the study)
rel-bootstrap = Bootstrap resamples for α's 95% CI:
rel-seed = seed:
rel-recompute = Recompute
rel-col-variable = Variable
rel-col-units = Units
rel-pairs = α for each pair of coders
rel-confusion-of = Confusion matrix of
rel-first-coder = First coder
rel-second-coder = Second coder
rel-show = Show
rel-confusion-axes = rows: { $rows } · columns: { $columns }
rel-disagreements = Units the coders disagree on ({ $count })
rel-final = final: { $value }
rel-open = open
rel-adjudicate = Adjudicate
rel-too-few-coders = Agreement needs at least two coders who coded the same units; { $reason }.

## src/ui/supervisor/assignments.rs
assign-heading = Reliability subsample and assignments
assign-explain = Every chosen coder codes the same seeded subsample (the overlap agreement is computed on); the other units are split between them.
assign-preview = Preview
assign-replace = Replace the study's { $count } existing assignments
assign-coders = Coders
assign-add-coder-label = Add a coder:
assign-add-coder = Add coder
assign-overlap = Overlap (units, or a percentage):
assign-seed = Seed:
assign-stratify = Stratify by:
assign-stratify-name = Stratify by
assign-no-stratification = (no stratification)
assign-shares = Shares of the rest (optional, e.g. Li Na=2,Wang Hao=1):
assign-preview-first = Preview to see the plan before it is stored.
assign-plan = Reliability subsample: { $overlap } of { $units } units (seed { $seed }), coded by all { $coders } coders.
assign-per-stratum = Per stratum: { $strata }
assign-col-coder = Coder
assign-col-overlap = Overlap
assign-col-own = Own
assign-col-total = Total
assign-apply = Apply assignments
assign-blocked = the study has assignments: tick 'Replace' to replace them
assign-progress = Progress per coder
assign-col-assigned = Assigned
assign-col-started = Started
assign-col-done = Done
assign-col-codes = Codes
assign-year-published = year published

## src/ui/supervisor/adjudicate.rs
adj-counts = { $open } open, { $done } adjudicated
adj-keys = [key] picks the final value · Shift+1…9 takes that coder's value · Delete clears · Enter next open · Up/Down move
adj-none = No disagreements
adj-none-explain = Every unit coded by two coders or more has the same value from each of them.
adj-unit-missing = Unit { $unit } is not in the study.
adj-disagreements = Disagreements
adj-unit-variable = Unit { $unit } · variable '{ $variable }'
adj-coders-values = Coders' values
adj-take = Take { $coder }'s
adj-final = Final value:
adj-not-yet = not adjudicated yet
adj-type-final = Or type the final value:
adj-set = Set
adj-reason = Reason (optional):
adj-clear = Clear final value
adj-next-open = Next open disagreement
adj-primary = Primary coder (settles what nobody adjudicated):
adj-no-primary = none
adj-primary-name = Primary coder
adj-others = Other disagreements on this unit
adj-state-done = adjudicated

## src/ui/supervisor/results.rs
res-results-of = Results of
res-final = the final dataset
res-coder = coder { $name }
res-for = for
res-roll-up = Roll up to the primary categories
res-crosstab = Crosstab
res-choose-two = Choose two single-choice variables.
res-cell = { $count }  ({ $row }% row, { $column }% col)
res-small-expected =
    { $count ->
        [one] {" "}— { $count } cell expects fewer than 5: read p with care
       *[other] {" "}— { $count } cells expect fewer than 5: read p with care
    }
res-chi-square = N = { $n }. χ² = { $chi2 }, df = { $df }, { $p }, Cramér's V = { $v }{ $small }
res-no-chi-square = χ² not computed: fewer than two categories of a variable occur.
res-col-code = Code
res-col-count = Count

## src/ui/supervisor/team.rs
team-prefer-newer = the newer change wins
team-prefer-master = the master's value wins
team-prefer-package = the package's value wins
team-heading = Team coding
team-explain = Each coder gets a package: a project file with the codebook, their units and media, and only their own codes. They code it in the desk on their own computer and send it back; merging brings their work into this master.
team-packages = Packages for coders
team-choose-folder = Choose folder…
team-no-media = Do not copy media (the packages refer to this computer's files)
team-write =
    { $count ->
        [one] Write a package for { $count } coder
       *[other] Write packages for { $count } coders
    }
team-add-coders-first = Add coders in Assignments first.
team-for = For: { $coders }
team-col-made = Made
team-col-merged = Merged
team-col-file = File
team-merge-back = Merge packages back
team-remove-file = remove { $file }
team-package-file = Package file:
team-add = Add
team-choose-packages = Choose packages…
team-when-conflict = When a code changed in both since packaging:
team-conflicts = Conflicts
team-preview-merge = Preview merge
team-merge = Merge into the master
team-kept-aside = Kept aside by merges ({ $count })
team-kept-explain = Never dropped: add the value to the codebook (or import the unit), then merge the same package again to place them.
team-col-unit = unit
team-col-coder = coder
team-col-code = code
team-col-why = why
team-note = note “{ $note }”
team-merged = Merged. Backup of the master taken first: { $backup }
team-preview-only = Preview: nothing has been written yet.
team-col-package = Package
team-col-added = Added
team-col-updated = Updated
team-col-cleared = Cleared
team-col-unchanged = Unchanged
team-col-notes = Notes
team-col-kept = Kept aside
team-placed = { $coder }: { $count } kept aside by an earlier merge can now be placed
team-conflicts-of = { $coder }: conflicts (changed in the master and in the package; the other value stays in the change log)
team-conflict = {"  "}unit { $unit } · { $variable }: master { $master } vs package { $package } → { $kept }
team-mapped = { $coder }: { $count } codes mapped by the codebook's history
team-mapped-one = {"  "}unit { $unit } · { $variable }: { $from } → { $to }
team-unmapped = { $coder }: { $count } codes cannot be placed and are kept aside (not dropped)
team-unmapped-one = {"  "}unit { $unit } · { $variable } = { $value }: { $reason }

## src/ui/supervisor/codebook.rs
cb-variables = Variables
cb-title-version = { $title } — version { $version }
cb-languages = Languages: { $languages }. The fields below edit the { $own } texts; the other languages' texts come from the codebook's TOML file (codingdesk codebook FILE --export, then --apply).
cb-move-up = Move up
cb-move-down = Move down
cb-remove-variable = Remove variable
cb-variable-used = { $count } codes use this variable: it cannot be removed
cb-add-variable-heading = Add a variable
cb-key = Key:
cb-add-variable = Add variable
cb-first-value = First value
cb-variable = Variable '{ $key }'
cb-codes-use-it =
    { $count ->
        [one] { $count } code uses it.
       *[other] { $count } codes use it.
    }
cb-label = Label:
cb-group = Group heading:
cb-definition = Definition:
cb-kind = Kind:
cb-kind-fixed = codes exist: the kind cannot change
cb-level = Level:
cb-required = Required:
cb-required-check = coders must answer it
cb-prefill = Pre-fill from field:
cb-values = Values
cb-col-label = Label
cb-col-definition = Definition
cb-col-parent = Parent
cb-col-key = Key
cb-col-retired = Retired
cb-col-codes = Codes
cb-label-of = Label of value { $code }
cb-definition-of = Definition of value { $code }
cb-parent-of = Parent of value { $code }
cb-key-of = Key of value { $code }
cb-retire = Retire value { $code }
cb-up = Up
cb-down = Down
cb-examples = Examples
cb-remove = Remove
cb-value-used = codes use this value: retire it or merge it instead
cb-new-value-code = New value: code
cb-new-value-label = label
cb-add-value = Add value
cb-examples-of = Examples of value { $code } (one per line)
cb-examples-label = Examples:
cb-counter-label = Counter-examples (not this value):
cb-merge-value = Merge value
cb-into = into
cb-merge-into = Merge into
cb-merge = Merge
cb-merge-hint = Every code of the first value becomes the second (logged); the first is retired, not deleted.

## src/ui/supervisor/analysis.rs
ana-year = year
ana-unit-field = unit field: { $field }
ana-no-groups = (no groups)
ana-group-by = Group by
ana-describe = Descriptives
ana-timeline = Timeline
ana-compare = Compare groups
ana-correlate = Correlation
ana-index = Composite index
ana-no-chart = No chart: { $reason }
ana-field-colon = Field:
ana-field = Field
ana-share-below = Share below:
ana-log-scale = log scale
ana-below-not-number = “Share below” takes a number (e.g. 1000), not '{ $text }'.
stat-q1 = Q1
stat-q3 = Q3
ana-all-units = (all units)
ana-period-year = year
ana-period-month = month
ana-period-weekday = weekday
ana-period-hour = hour
ana-split-by = split by
ana-dated = { $dated } units dated, { $undated } without a usable date. Times as stored (UTC where the source gave a moment).
ana-per-period = Units per period ({ $count } periods)
ana-period = Period
ana-compare-label = Compare
ana-across = across
ana-anova = One-way ANOVA
ana-first-field = First field
ana-with = with
ana-second-field = Second field
ana-correlation = { $name } = { $r }, n = { $n }, { $p } (two-tailed), 95% CI { $ci }
ana-excluded = { $count } unit(s) without both values left out
ana-no-indices = None defined yet.
ana-remove-index = Remove { $name }
ana-fields = Fields: { $fields }
ana-index-name = Index name:
ana-weights = Weights (field=weight, …):
ana-standardise = Standardise:
ana-minmax = min–max
ana-z = z
ana-none = none
ana-normalize = divide weights by their sum
ana-save-index = Save index
ana-save-chart-to = Save chart to:
ana-save-chart = Save chart as SVG
ana-add-to-report = Add to report
ana-add-to-report-hint = The HTML report will include this analysis, recomputed from the data each time it is written

## src/video/mod.rs
video-err-run = could not run { $program }: { $reason }
video-err-unreadable = { $file } cannot be played: { $reason }
video-err-pipe = ffmpeg's output could not be read
video-err-no-audio = no way to play sound was found (ffmpeg has no audio output here and ffplay is missing)
video-err-start = could not start reading the video: { $reason }
video-err-stopped = reading the video stopped unexpectedly
video-no-sound = no sound: { $reason }

## src/video/probe.rs
video-no-stream = ffprobe found no video stream in it
desk-server-lost = not saved: the server cannot be reached ({ $reason }). Everything saved before is on the server; the desk takes no input until the server is back.
desk-offline-refused = not saved: the server cannot be reached — the desk takes input again as soon as it is back.
sup-offline-refused = not done: the server cannot be reached — changes are taken again as soon as it is back
desk-server-gone = The server cannot be reached ({ $reason }). Every code the desk said was saved is on the server; the desk takes no input until the server is back.
desk-server-back = The server is back: the study was read again and the desk takes input again.
desk-offline-banner = Server unreachable — input paused.
desk-offline-detail = Every code saved before is on the server; the desk tries again every 2 seconds.
app-password-in-url = Put the password in the password field, not in the URL: a URL is remembered, a password never is.
app-rows-set-aside = { $count } row(s) on the server were left out because a project file would refuse them (written before the server checked them); everything else was read. Ask the supervisor to fix or delete them on the server: { $rows }
app-connecting = Signing in to { $url } and reading the study…
app-server-signed-in-as = On a server study you code as who you signed in as: sign in as another coder to code as them.
app-server-not-supervisor = Supervisor mode needs a supervisor's sign-in on this server study.
start-connect = Connect to a server study…
start-connect-heading = A study on the lab's PostgreSQL server
start-connect-explain = Sign in with the role your supervisor gave you: a coder's sign-in opens their desk, a supervisor's opens supervisor mode. Every code is saved on the server.
start-server-url = Server (URL)
start-password = Password
start-media-folder = Media folder
start-media-folder-hint = where the videos are on this computer (optional)
start-connect-button = Connect
start-recent-servers = Connection profiles and recent servers:
top-on-server = (on the server)
assign-needed-label = Reliability subsample needed:
assign-needed = { $units } units for α ≥ .800 at p = .05 (the most demanding variable: { $variable }, rarest category { $smallest })
assign-needed-enough = This overlap gives { $units } units: enough for every variable.
assign-needed-short = This overlap gives { $units } units: too few for { $count ->
    [one] one variable
   *[other] { $count } variables
}.
assign-needed-each = Per variable
assign-needed-row = rarest category { $smallest }; coded by two coders or more so far: { $overlap }
assign-needed-none = No single- or multi-select variable to plan for.
rel-influence = Influence on α
rel-influence-compute = Compute
rel-influence-coders = α with each coder left out (a rise: the others agree better without them — retrain first):
rel-influence-units = The units whose removal moves α most (the most decisive disagreements: sharpen these definitions):
rel-influence-units-skipped = More than { $count } units: the units' influence is not computed (the coders' is).
rel-influence-without = α without it
rel-influence-change = change
rel-col-unit = Unit
rel-drift = Drift over the coding order
rel-drift-compute = Show drift
rel-drift-explain = Each coder's α with { $whom }, in { $windows } in the order they coded.
rel-drift-whom-others = the other coders (on the units they coded too)
rel-drift-whom-gold = the adjudicated values (the gold standard, on the units that have one)
rel-drift-windows-units = windows of { $window } units
rel-drift-windows-weeks = calendar weeks
rel-drift-per-units = { $window } units per window
rel-drift-per-week = per week
rel-drift-against-others = with the other coders
rel-drift-against-gold = with the adjudicated values
rel-drift-nothing = Nothing to compare yet: no coder has two units with { $whom }.
rel-drift-axis-weeks = week of coding
rel-drift-warning = { $coder }: { $count ->
    [one] one window
   *[other] { $count } windows
} below α = { $alpha } — look at those units with them, or retrain.
rel-drift-axis = window of { $window } units (coding order)

## src/ui/supervisor/training.rs
training-heading = Training rounds
training-explain = Before coding the study, each coder codes a few units blind in their desk and is compared with a gold standard: your own coding (code the round in a desk as the gold coder) or adjudicated values. A coder passes when α with gold reaches α_min on every variable. Training units stay out of the study's agreement, results and exports unless you count them. Close the round to let coders review their misses, then clear those who passed.
training-start-heading = Start a round
training-default-name = round { $number }
training-name = Name:
training-units = Units (drawn at random from the study):
training-seed = Seed:
training-gold = Gold standard:
training-gold-adjudicated = the adjudicated values
training-gold-choice = Where the gold standard comes from
training-gold-new = or a new coder:
training-gold-of = { $coder }'s codes
training-alpha-min = α_min to pass:
training-counted = Count the round's units in the study too (they are study units coded by everyone)
training-take-coded = Also draw units that are already coded (unless the round counts in the study, their codes leave the study's agreement and results)
training-blanks-count = An optional variable left blank where gold coded it is a miss
training-confirm-take = This round takes { $units } units that are already coded, with their { $codes } codes, out of the study: its agreement and results will leave them out.
training-confirm-start = Start and take them out
training-confirm-cancel = Cancel
training-drawing = Drawing the round's units…
training-start = Start the round
training-bad-units = “{ $text }” is not a number of units: write a whole number, e.g. 10.
training-bad-seed = “{ $text }” is not a seed: write a whole number, e.g. 1.
training-bad-alpha = “{ $text }” is not an α_min: write a number between 0 and 1, e.g. 0.800.
training-round-facts = { $units } units · gold: { $gold } ({ $values } values) · α_min { $alpha_min } · { $passed } of { $coders } coders passed
training-round-counted = Its units count in the study too.
training-round-open = Open: coders are coding it; gold stays hidden from them until you close it.
training-close = Close the round
training-close-named = Close { $round }
training-round-closed = Closed { $time }: the codes are kept as they were; each coder can open “Review my training” in their desk.
training-col-coder = Coder
training-col-result = Result
training-col-lowest = Lowest α (variable)
training-col-misses = Misses
training-passed = passed
training-not-passed = not passed
training-misses-not-coded = { $misses } ({ $not_coded } not coded)
training-cleared = cleared after “{ $round }”
training-clear = Clear for the study
training-clear-named = Clear { $coder } for the study
training-per-variable = Per variable: α and % agreement with gold
