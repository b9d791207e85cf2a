# Every report kind in every format, for the seed registers, their cycles and
# a generated register, byte for byte as test/golden.sha256 records them
# (test/golden.sh; `make golden-update` records an intended change).
test_golden_outputs_unchanged() {
  sh "$ROOT/test/golden.sh" check "$ROOT/auditrack"
}
