# Part of modelcompat's CMake package.
#
# modelcompat_add_verify_harness(<name> TARGET <model-target> SOURCE <file>)
#   The harness executable `modelcompat verify` builds at each revision: the
#   generated <file> (the manifest's construct and forward expressions), the
#   model's library target and modelcompat::verify_harness (main, loading,
#   seeding, probes, comparison). A static model library is linked whole, so
#   C++ migrations it registers from static initialisers are kept.
function(modelcompat_add_verify_harness name)
  cmake_parse_arguments(ARG "" "TARGET;SOURCE" "" ${ARGN})
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "modelcompat verify: '${ARG_TARGET}' (the manifest's "
      "\"target\") is not a CMake target of the project")
  endif()
  add_executable(${name} ${ARG_SOURCE})
  get_target_property(model_type ${ARG_TARGET} TYPE)
  if(model_type STREQUAL "STATIC_LIBRARY" AND NOT CMAKE_VERSION VERSION_LESS 3.24)
    target_link_libraries(${name} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${ARG_TARGET}>")
  else()
    target_link_libraries(${name} PRIVATE ${ARG_TARGET})
  endif()
  target_link_libraries(${name} PRIVATE modelcompat::verify_harness)
  target_compile_features(${name} PRIVATE cxx_std_17)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
endfunction()

# modelcompat_expose_probe_headers()
#   MODELCOMPAT_PROBE in the model's own sources needs modelcompat's runtime
#   headers on their include path; the harness wrapper calls this before it
#   adds the model's tree, which then sees them as system headers.
macro(modelcompat_expose_probe_headers)
  include_directories(SYSTEM
    $<TARGET_PROPERTY:modelcompat::runtime,INTERFACE_INCLUDE_DIRECTORIES>)
endmacro()
