# Writes core/version.hpp with the current git revision; run at every build
# (not only at configure time) so --version names the commit that was built.
# configure_file rewrites the header only when its text changes, so an
# unchanged revision rebuilds nothing.
set(LW_GIT_REVISION "unknown")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=10
    WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE rev
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND rev)
    set(LW_GIT_REVISION "${rev}")
  endif()
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
