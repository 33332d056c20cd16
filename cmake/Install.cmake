# What `cmake --install` and the Debian package (cmake/Packaging.cmake)
# install: the binary, profiles, compressed man pages, the nightly scan
# (script, systemd units, settings), bash completion and the documents.

set(HARDOCK_BINDIR "${CMAKE_INSTALL_FULL_BINDIR}")
set(HARDOCK_LIBEXECDIR "${CMAKE_INSTALL_FULL_LIBEXECDIR}/hardock")
set(HARDOCK_SYSCONFDIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}")
# Debian 12 keeps the system's units in /lib/systemd/system; under another
# prefix, PREFIX/lib/systemd/system is on systemd's search path too.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(HARDOCK_UNITDIR "/lib/systemd/system")
else()
  set(HARDOCK_UNITDIR "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
endif()
set(HARDOCK_DOCDIR "${CMAKE_INSTALL_DATADIR}/doc/hardock")

# The units and the script name the installed paths.
configure_file(contrib/systemd/hardock-scan.service.in
  contrib/systemd/hardock-scan.service @ONLY)
configure_file(contrib/systemd/hardock-watch.service.in
  contrib/systemd/hardock-watch.service @ONLY)
configure_file(contrib/nightly/nightly.in contrib/nightly/nightly @ONLY)

# Man pages and the changelog are shipped compressed, as Debian wants
# (gzip -n: no name or time stamp, so builds are reproducible).
set(HARDOCK_GZ "")
foreach(src man/hardock.1 man/hardock-json.5 man/hardock-profile.5 contrib/debian/changelog)
  get_filename_component(name ${src} NAME)
  set(out ${CMAKE_BINARY_DIR}/gz/${name}.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/gz
    COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/${src} > ${out}
    DEPENDS ${CMAKE_SOURCE_DIR}/${src} VERBATIM)
  list(APPEND HARDOCK_GZ ${out})
endforeach()
add_custom_target(compressed ALL DEPENDS ${HARDOCK_GZ})

install(TARGETS hardock RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY profiles/ DESTINATION ${HARDOCK_DATADIR}/profiles)
install(FILES ${CMAKE_BINARY_DIR}/gz/hardock.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${CMAKE_BINARY_DIR}/gz/hardock-json.5.gz ${CMAKE_BINARY_DIR}/gz/hardock-profile.5.gz
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(PROGRAMS ${CMAKE_BINARY_DIR}/contrib/nightly/nightly DESTINATION ${HARDOCK_LIBEXECDIR})
install(FILES ${CMAKE_BINARY_DIR}/contrib/systemd/hardock-scan.service
  contrib/systemd/hardock-scan.timer
  ${CMAKE_BINARY_DIR}/contrib/systemd/hardock-watch.service
  DESTINATION ${HARDOCK_UNITDIR})
install(FILES contrib/default/hardock DESTINATION ${HARDOCK_SYSCONFDIR}/default)
install(FILES contrib/bash-completion/hardock
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES README.md contrib/debian/copyright DESTINATION ${HARDOCK_DOCDIR})
install(FILES ${CMAKE_BINARY_DIR}/gz/changelog.gz DESTINATION ${HARDOCK_DOCDIR})
