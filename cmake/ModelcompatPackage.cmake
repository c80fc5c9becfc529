# Install rules and the CMake package (find_package(modelcompat),
# modelcompat::runtime), for the install tree and for the build tree: verify
# builds its harnesses against the build tree's package, so it works
# straight from a build directory.
include(CMakePackageConfigHelpers)

set(modelcompat_package_targets
  modelcompat_support modelcompat_source modelcompat_schema modelcompat_diff modelcompat_migrate
  modelcompat_runtime modelcompat_verify_harness)
set(modelcompat_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/modelcompat)
set(modelcompat_package_dir ${PROJECT_BINARY_DIR}/package)

install(TARGETS ${modelcompat_package_targets} EXPORT modelcompatTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
# The Clang-free public headers: runtime (probes, migrations, checkpoints),
# the harness, and the layers they include.
install(DIRECTORY
  ${PROJECT_SOURCE_DIR}/analyzer/include/modelcompat/support
  ${PROJECT_SOURCE_DIR}/analyzer/include/modelcompat/source
  ${PROJECT_SOURCE_DIR}/analyzer/include/modelcompat/schema
  ${PROJECT_SOURCE_DIR}/analyzer/include/modelcompat/diff
  ${PROJECT_SOURCE_DIR}/analyzer/include/modelcompat/migrate
  ${PROJECT_SOURCE_DIR}/runtime-check/include/modelcompat/runtime
  ${PROJECT_SOURCE_DIR}/runtime-check/verify/harness/include/modelcompat/harness
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/modelcompat
  FILES_MATCHING PATTERN "*.h")
install(EXPORT modelcompatTargets NAMESPACE modelcompat::
  DESTINATION ${modelcompat_config_dir})

# One config for both trees: it only refers to files beside it.
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/modelcompatConfig.cmake.in
  ${modelcompat_package_dir}/modelcompatConfig.cmake
  INSTALL_DESTINATION ${modelcompat_config_dir})
write_basic_package_version_file(${modelcompat_package_dir}/modelcompatConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
configure_file(${PROJECT_SOURCE_DIR}/cmake/modelcompatVerify.cmake
  ${modelcompat_package_dir}/modelcompatVerify.cmake COPYONLY)
export(EXPORT modelcompatTargets NAMESPACE modelcompat::
  FILE ${modelcompat_package_dir}/modelcompatTargets.cmake)

# The files whose identity keys verify's build cache: the libraries
# (absolute in the build tree, relative to the config directory once
# installed) and the CMake helper that lays out every harness build, so a
# modelcompat that only builds harnesses differently rebuilds them.
set(build_files "modelcompatVerify.cmake\n")
set(install_files "modelcompatVerify.cmake\n")
foreach(target ${modelcompat_package_targets})
  string(APPEND build_files "$<TARGET_FILE:${target}>\n")
  string(APPEND install_files "../../$<TARGET_FILE_NAME:${target}>\n")
endforeach()
file(GENERATE OUTPUT ${modelcompat_package_dir}/modelcompatPackageFiles.txt
  CONTENT "${build_files}")
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/package-install/modelcompatPackageFiles.txt
  CONTENT "${install_files}")
install(FILES
  ${modelcompat_package_dir}/modelcompatConfig.cmake
  ${modelcompat_package_dir}/modelcompatConfigVersion.cmake
  ${modelcompat_package_dir}/modelcompatVerify.cmake
  ${PROJECT_BINARY_DIR}/package-install/modelcompatPackageFiles.txt
  DESTINATION ${modelcompat_config_dir})
