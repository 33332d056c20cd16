# Fails when a committed generated file (FILE) differs from what
# `hardock ARGS` prints now: the man page and the bash completion come from
# the same tables as --help, and TARGET regenerates them.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${HARDOCK} ${args} OUTPUT_VARIABLE generated
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hardock ${ARGS} failed (${rc}): ${err}")
endif()
file(READ ${FILE} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "${FILE} is out of date: run `cmake --build build --target ${TARGET}`")
endif()
