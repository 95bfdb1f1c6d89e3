// The subcommand handlers. Each parses its own arguments (argv[0] is the subcommand name) and
// returns an ExitStatus. One file per subcommand: cmd_<name>.cc.
#pragma once

int RunBuild(int argc, char** argv);             // cmd_build.cc
int RunMetadata(int argc, char** argv);          // cmd_metadata.cc
int RunCheck(int argc, char** argv);             // cmd_check.cc
int RunUpload(int argc, char** argv);            // cmd_upload.cc
int RunVerify(int argc, char** argv);            // cmd_verify.cc
int RunVersion(int argc, char** argv);           // cmd_version.cc
int RunChangelog(int argc, char** argv);         // cmd_changelog.cc
int RunPreflightCommand(int argc, char** argv);  // cmd_preflight.cc
int RunReleaseCommand(int argc, char** argv);    // cmd_release.cc
int RunInitCi(int argc, char** argv);            // cmd_init_ci.cc
int RunNativeTags(int argc, char** argv);        // cmd_native_tags.cc
