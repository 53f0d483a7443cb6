# install.cmake - what `cmake --install` puts in a prefix besides weft and
# libweft: the runtime's and WASI host's headers (include/weft/), the
# runtime and WASI host as libraries for programs that compile translated C
# themselves (libweft_rt, and libweft_rt_explicit for --bounds explicit;
# static and shared), a CMake package (find_package(weft), functions in
# weftConfig.cmake) and pkg-config files (weft.pc, weft-explicit.pc).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
# pkg-config files find the prefix from where they are, so an install
# moved elsewhere (cmake --install --prefix, DESTDIR) still works
file(RELATIVE_PATH WEFT_PC_UP "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" WEFT_PC_UP "${WEFT_PC_UP}")

foreach(mode default explicit)
  if(mode STREQUAL "default")
    set(suffix "")
  else()
    set(suffix "_explicit")
  endif()
  add_library(weft_rt${suffix}_objects OBJECT ${WEFT_RT_SOURCES} ${WEFT_WASI_SOURCES})
  set_target_properties(weft_rt${suffix}_objects PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(weft_rt${suffix}_objects PRIVATE rt wasi-rt)
  target_compile_options(weft_rt${suffix}_objects PRIVATE ${WEFT_WARNINGS})
  if(mode STREQUAL "explicit")
    target_compile_definitions(weft_rt${suffix}_objects PUBLIC WF_BOUNDS_EXPLICIT=1)
  endif()
  foreach(kind STATIC SHARED)
    string(TOLOWER ${kind} k)
    set(t weft_rt${suffix}_${k})
    add_library(${t} ${kind} $<TARGET_OBJECTS:weft_rt${suffix}_objects>)
    set_target_properties(${t} PROPERTIES OUTPUT_NAME weft_rt${suffix}
                          EXPORT_NAME rt${suffix}_${k})
    target_include_directories(${t} INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/rt>
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/wasi-rt>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/weft>)
    if(mode STREQUAL "explicit")
      target_compile_definitions(${t} INTERFACE WF_BOUNDS_EXPLICIT=1)
    endif()
    # what translated C needs: Wasm's float semantics, threads
    target_compile_options(${t} INTERFACE -ffp-contract=off -fno-fast-math
                           -fno-math-errno -fstack-clash-protection)
    target_link_libraries(${t} INTERFACE Threads::Threads m)
    # a sanitizer build's libraries need their users sanitized too
    target_compile_options(${t} INTERFACE ${WEFT_SANITIZE_FLAGS})
    target_link_options(${t} INTERFACE ${WEFT_SANITIZE_FLAGS})
    install(TARGETS ${t} EXPORT weftTargets
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
            LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  endforeach()
  set(WEFT_PC_NAME "weft${suffix}")
  set(WEFT_PC_LIB "weft_rt${suffix}")
  if(mode STREQUAL "explicit")
    set(WEFT_PC_DEFS "-DWF_BOUNDS_EXPLICIT=1")
  else()
    set(WEFT_PC_DEFS "")
  endif()
  string(REPLACE "_" "-" pcfile "weft${suffix}")
  configure_file(cmake/weft.pc.in ${PROJECT_BINARY_DIR}/${pcfile}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pcfile}.pc
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

install(FILES rt/weft_rt.h rt/weft_rt_mem.h rt/weft_rt_num.h rt/weft_rt_simd.h
              wasi-rt/wasi.h wasi-rt/wasi_main.h wasi-rt/wasi_threads.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/weft)

install(EXPORT weftTargets NAMESPACE weft::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
configure_package_config_file(cmake/weftConfig.cmake.in
  ${PROJECT_BINARY_DIR}/weftConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/weftConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/weftConfig.cmake
              ${PROJECT_BINARY_DIR}/weftConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
