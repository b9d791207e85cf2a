# The house style a compiler does not check: every C file as clang-format writes
# it, no function over 120 lines, no file over 900, nothing above the pure core
# included by it (test/source.sh names each breach).
test_source_follows_the_house_style() {
  sh "$ROOT/test/source.sh"
}
