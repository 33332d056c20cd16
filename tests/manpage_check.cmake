# Fails when man/hardock.1 differs from what `hardock manpage` prints now:
# the man page, --help and `hardock list` come from the same tables.
execute_process(COMMAND ${HARDOCK} manpage OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hardock manpage failed: ${rc}")
endif()
file(READ ${MAN} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "man/hardock.1 is out of date: run `cmake --build build --target man`")
endif()
