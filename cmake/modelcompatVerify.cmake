# Part of modelcompat's CMake package.
#
# modelcompat_add_verify_harness(<name> TARGET <model-target> SOURCE <file>
#                                [MAIN_SOURCES <file>...] [EXCLUDE <file>...])
#   The harness executable `modelcompat verify` builds at each revision: the
#   generated <file> (the manifest's construct and forward expressions) and
#   modelcompat::verify_harness (main, loading, seeding, probes, comparison)
#   with the model's target:
#   - a library target is linked; a static one whole, so C++ migrations it
#     registers from static initialisers are kept; <file> is compiled with
#     the library's own include directories and definitions (PRIVATE ones
#     too), as the library's sources that include the same headers are, and
#     finds headers in the library's source folder;
#   - an executable target becomes the harness itself: its sources lose the
#     MAIN_SOURCES among them (the tree's files that define main()) and the
#     EXCLUDE ones (the manifest's "exclude", each of which must be one of
#     its sources), and gain <file>. It keeps everything else it was given
#     where it was defined (include directories, definitions, options,
#     features, link libraries resolved in its own directory).
#   Paths in MAIN_SOURCES and EXCLUDE are absolute.
function(modelcompat_add_verify_harness name)
  cmake_parse_arguments(ARG "" "TARGET;SOURCE" "MAIN_SOURCES;EXCLUDE" ${ARGN})
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "modelcompat verify: '${ARG_TARGET}' (the manifest's "
      "\"target\") is not a CMake target of the project")
  endif()
  get_target_property(model_type ${ARG_TARGET} TYPE)
  if(model_type STREQUAL "EXECUTABLE")
    _modelcompat_harness_from_executable(${name} ${ARG_TARGET} ${ARG_SOURCE}
      "${ARG_MAIN_SOURCES}" "${ARG_EXCLUDE}")
    return()
  endif()
  if(ARG_EXCLUDE)
    message(FATAL_ERROR "modelcompat verify: \"exclude\" applies to executable "
      "targets; '${ARG_TARGET}' is a ${model_type}")
  endif()
  add_executable(${name} ${ARG_SOURCE})
  if(model_type STREQUAL "STATIC_LIBRARY" AND NOT CMAKE_VERSION VERSION_LESS 3.24)
    target_link_libraries(${name} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${ARG_TARGET}>")
  else()
    target_link_libraries(${name} PRIVATE ${ARG_TARGET})
  endif()
  # The generated source includes the model's headers, which must compile as
  # the library's own sources see them: real projects often give their
  # include directories and definitions PRIVATE (target_include_directories(
  # lib PRIVATE include)), so the library's usage requirements alone would
  # not find the header, or would compile it with other macros.
  # Beside the library's sources too, as for an executable target: a sample's
  # include/CMakeLists.txt that adds its MLP.cpp and MLP.h gives no include
  # directory at all.
  get_target_property(model_dir ${ARG_TARGET} SOURCE_DIR)
  target_include_directories(${name} PRIVATE "${model_dir}")
  if(NOT model_type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${name} PRIVATE
      "$<TARGET_PROPERTY:${ARG_TARGET},INCLUDE_DIRECTORIES>")
    target_compile_definitions(${name} PRIVATE
      "$<TARGET_PROPERTY:${ARG_TARGET},COMPILE_DEFINITIONS>")
  endif()
  target_link_libraries(${name} PRIVATE modelcompat::verify_harness)
  target_compile_features(${name} PRIVATE cxx_std_17)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
endfunction()

# The executable target itself becomes the harness, so that everything the
# project gave it applies unchanged, in the directory that defined it: a copy
# made here would resolve its link libraries (imported targets a sub-project
# found) in the wrong scope and lose directory-scoped source properties.
function(_modelcompat_harness_from_executable name target source mains excludes)
  get_target_property(aliased ${target} ALIASED_TARGET)
  if(aliased)
    set(target ${aliased})
  endif()
  get_target_property(imported ${target} IMPORTED)
  if(imported)
    message(FATAL_ERROR "modelcompat verify: '${target}' (the manifest's "
      "\"target\") is an imported executable, not one the project builds")
  endif()
  get_property(owner GLOBAL PROPERTY _modelcompat_harness_of_${target})
  if(owner)
    message(FATAL_ERROR "modelcompat verify: the executable target '${target}' "
      "holds the harness of '${owner}' already; one executable serves one model")
  endif()
  set_property(GLOBAL PROPERTY _modelcompat_harness_of_${target} ${name})

  get_target_property(dir ${target} SOURCE_DIR)
  get_target_property(sources ${target} SOURCES)
  set(kept)
  set(dropped)
  foreach(src IN LISTS sources)
    if(src MATCHES "^\\$<")
      list(APPEND kept "${src}") # a generator expression: left as it is
      continue()
    endif()
    get_filename_component(path "${src}" ABSOLUTE BASE_DIR "${dir}")
    if(path IN_LIST mains OR path IN_LIST excludes)
      list(APPEND dropped "${path}")
    else()
      list(APPEND kept "${src}")
    endif()
  endforeach()
  foreach(file IN LISTS excludes)
    if(NOT file IN_LIST dropped)
      message(FATAL_ERROR "modelcompat verify: '${file}' (the manifest's "
        "\"exclude\") is not a source of the executable target '${target}'")
    endif()
  endforeach()
  if(NOT dropped)
    message(FATAL_ERROR "modelcompat verify: none of the sources of the "
      "executable target '${target}' defines main() (looked for `int main(` "
      "outside braces, comments and strings); list the file that does in the "
      "manifest's \"exclude\"")
  endif()

  # The generated source finds the model's headers as the target's own
  # sources do: beside them, and on the target's include path.
  set(generated "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
  set_property(TARGET ${target} PROPERTY SOURCES ${kept} "${generated}")
  set_property(SOURCE "${generated}" TARGET_DIRECTORY ${target}
    APPEND PROPERTY INCLUDE_DIRECTORIES "${dir}")
  set_property(SOURCE "${generated}" TARGET_DIRECTORY ${target}
    PROPERTY SKIP_UNITY_BUILD_INCLUSION ON)
  # Appended to the property rather than by target_link_libraries, which
  # refuses to mix its keyword and plain signatures on one target.
  set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES
    modelcompat::verify_harness)
  set_property(TARGET ${target} APPEND PROPERTY COMPILE_FEATURES cxx_std_17)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name} SUFFIX ""
    RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}")
  foreach(config IN LISTS CMAKE_BUILD_TYPE CMAKE_CONFIGURATION_TYPES)
    string(TOUPPER "${config}" config)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME_${config} ${name}
      RUNTIME_OUTPUT_DIRECTORY_${config} "${CMAKE_BINARY_DIR}")
  endforeach()
  # Built by the wrapper's "all" although its directory is EXCLUDE_FROM_ALL.
  # (A custom target named <name> would clash with the file of that name.)
  set_target_properties(${target} PROPERTIES EXCLUDE_FROM_ALL FALSE)
endfunction()

# modelcompat_expose_probe_headers()
#   MODELCOMPAT_PROBE in the model's own sources needs modelcompat's runtime
#   headers on their include path; the harness wrapper calls this before it
#   adds the model's tree, which then sees them as system headers.
macro(modelcompat_expose_probe_headers)
  include_directories(SYSTEM
    $<TARGET_PROPERTY:modelcompat::runtime,INTERFACE_INCLUDE_DIRECTORIES>)
endmacro()
