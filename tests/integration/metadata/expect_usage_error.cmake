# `pyrelease metadata --no-such-option` must exit 2 and name the option.
execute_process(COMMAND "${CMD}" metadata --no-such-option RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 2 OR NOT err MATCHES "--no-such-option")
  message(FATAL_ERROR "expected exit 2 naming the option, got ${rc}\nstderr: ${err}\nstdout: ${out}")
endif()
