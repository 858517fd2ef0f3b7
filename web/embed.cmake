# SPDX-License-Identifier: BSD-3-Clause
# embed.cmake - turns the files of web/assets into C arrays, so that the
# pages need nothing from the disk or the network at run time.
# cmake -DOUT=FILE.c -DFILES="a|b|c" -P embed.cmake
string(REPLACE "|" ";" FILES "${FILES}")
set(c "/* Made by web/embed.cmake from web/assets: do not edit. */\n#include \"internal.h\"\n\n")
set(table "")
set(i 0)
foreach(f ${FILES})
  get_filename_component(name ${f} NAME)
  file(READ ${f} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR n "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND c "static const unsigned char asset${i}[] = {${bytes}0};\n")
  string(APPEND table "\t{\"${name}\", asset${i}, ${n}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND c "\nconst struct web_asset web_assets[] = {\n${table}\t{0, 0, 0}};\n")
file(WRITE ${OUT} "${c}")
