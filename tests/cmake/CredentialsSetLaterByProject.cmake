# A project sets a cache variable holding a credential URL after including PyRelease: the scrub at
# the end of the configure finds it.
set(LATE_UPLOAD_URL "https://ci:pyrelease-planted-secret@late.invalid/legacy/" CACHE STRING "where CI uploads")
