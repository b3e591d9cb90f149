# Sourced by scripts/windows.sh and scripts/deb-test.sh: the text on a screenshot, by OCR.
# Small interface text reads far better enlarged and alone, so the screen is read in strips a tenth
# of its height (twice, the second set shifted by 40 px so no line is only ever cut), each grey
# and at three times its size. Needs imagemagick and tesseract-ocr.
read_screen() {
  local png=$1 dir
  dir=$(mktemp -d)
  convert "$png" -colorspace Gray -crop 100%x10% +repage -resize 300% "$dir/a-%02d.png"
  convert "$png" -colorspace Gray -chop 0x40 -crop 100%x10% +repage -resize 300% "$dir/b-%02d.png"
  for strip in "$dir"/*.png; do tesseract "$strip" - --psm 6 2>/dev/null; done | tr '\n' ' '
  rm -rf "$dir"
}

# Screenshots DISPLAY into PNG every PAUSE seconds (8 tries) until its text holds every WORD; the
# last text read is left in `seen`. OCR may drop a space ("LiNa"): words are compared without
# them. Fails, naming the first word missing, when a word never shows.
wait_for_words() {
  local display=$1 png=$2 pause=$3 word missing=""
  shift 3
  for _ in $(seq 1 8); do
    sleep "$pause"
    DISPLAY=$display import -window root "$png" 2>/dev/null || continue
    seen=$(read_screen "$png")
    missing=""
    for word in "$@"; do
      [[ ${seen// /} == *"${word// /}"* ]] || { missing=$word; break; }
    done
    [[ -z $missing ]] && return 0
  done
  echo "the screen ($png) never showed '$missing'" >&2
  return 1
}
