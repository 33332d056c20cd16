# Turn the data files of benchmarks/ into a C source (pack_data.c) so the
# binary carries its benchmark packs. Run as: cmake -DOUT=file.c
# -DFILES="a;b" -P embed-packs.cmake. Bytes go in as hex, so no quoting of
# the data can break the generated C.
set(body "/* Generated from benchmarks/ by cmake/embed-packs.cmake: do not edit. */\n#include <hardock/pack.h>\n\n")
set(table "")
set(i 0)
file(GLOB FILES "${DIR}/*.tsv")
list(SORT FILES)
foreach(f IN LISTS FILES)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" hex HEX)
  string(LENGTH "${hex}" n)
  math(EXPR len "${n} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const char data${i}[] = { ${bytes} 0 };\n")
  string(APPEND table "\t{ \"${name}\", data${i}, ${len} },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst struct hd_pack_file hd_pack_data[] = {\n${table}};\n")
string(APPEND body "const size_t hd_pack_data_count = ${i};\n")
file(WRITE "${OUT}" "${body}")
