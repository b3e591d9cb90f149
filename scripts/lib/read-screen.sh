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
