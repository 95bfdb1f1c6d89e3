#include "publish/credentials.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/string_util.h"
#include "core/url.h"
#include "publish/file_index.h"

extern char** environ;

Environment Environment::FromProcess() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) env.vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  env.home = env.Get("HOME");
  return env;
}

std::string Environment::Get(const std::string& name) const {
  auto it = vars.find(name);
  return it == vars.end() ? "" : it->second;
}

bool IsTruthy(const std::string& value) {
  if (value.empty()) return false;
  std::string v = ToLower(Trim(value));
  return v != "0" && v != "false" && v != "no";
}

namespace {

const char kUrlHelp[] =
    "  [distutils]\n"
    "  index-servers =\n"
    "      %s\n"
    "\n"
    "  [%s]\n"
    "  repository = https://<your index>/legacy/\n"
    "  username = __token__\n";

std::string MissingUrlHelp(const std::string& name, const std::string& config_path,
                           const Environment& env) {
  std::string help = kUrlHelp;
  for (int i = 0; i < 2; ++i) help.replace(help.find("%s"), 2, name);
  // The CI case: credentials in TWINE_* variables and no .pypirc; the URL goes beside them.
  std::string lead;
  if (!env.Get("TWINE_USERNAME").empty() || !env.Get("TWINE_PASSWORD").empty()) {
    lead = "no upload URL for repository '" + name +
           "': TWINE_USERNAME/TWINE_PASSWORD give the credentials only; set the URL beside them: "
           "TWINE_REPOSITORY_URL=https://<your index>/legacy/ (or pass --repository-url URL). Or ";
    return lead + "add a 'repository' key to the [" + name + "] section of " + config_path +
           ":\n\n" + help;
  }
  return "no upload URL for repository '" + name + "': add a 'repository' key to the [" + name +
         "] section of " + config_path + " (and list '" + name +
         "' in [distutils] index-servers):\n\n" + help +
         "\nor set TWINE_REPOSITORY_URL, or pass --repository-url URL (a local file index: "
         "--repository-url "
         "file:///path/to/index)";
}

bool LoadConfig(const RepositorySettings& settings, const Environment& env, IniFile* ini,
                std::string* path, std::vector<std::string>* warnings, std::string* err) {
  bool explicit_file = !settings.config_file.empty();
  *path = explicit_file ? settings.config_file : (env.home.empty() ? "" : env.home + "/.pypirc");
  if (path->empty()) return true;
  struct stat st;
  if (::stat(path->c_str(), &st) != 0) {
    if (explicit_file) {
      *err = *path + ": cannot read the configuration file: " + std::strerror(errno);
      return false;
    }
    path->clear();  // no ~/.pypirc is fine
    return true;
  }
  std::string text;
  if (!ReadFile(*path, &text, err)) return false;
  if (!ParseIni(text, *path, ini, err)) {
    *err = "malformed configuration: " + *err;
    return false;
  }
  // A file that holds a password must be private (ssh's rule for its keys).
  bool has_password = false;
  for (const auto& [name, keys] : ini->sections)
    has_password = has_password || keys.count("password");
  if (has_password && (st.st_mode & 077)) {
    warnings->push_back(*path + " holds a password and can be read by " +
                        std::string((st.st_mode & 044) == 044 ? "group and others"
                                    : (st.st_mode & 040)      ? "its group"
                                                              : "others") +
                        "; run: chmod 600 " + ShellQuote(*path));
  }
  return true;
}

// Moves "user:password@" out of an http(s) URL into the repository's credentials.
void TakeUserinfo(Repository* repo) {
  Url u = ParseUrl(repo->url);
  if (u.userinfo.empty()) return;
  size_t colon = u.userinfo.find(':');
  std::string user = PercentDecode(u.userinfo.substr(0, colon));
  if (repo->username.empty()) repo->username = user;
  if (colon != std::string::npos && repo->password.empty()) {
    repo->password = Secret(PercentDecode(u.userinfo.substr(colon + 1)));
    repo->password_source = "the repository URL";
  }
  u.userinfo.clear();
  repo->url = FormatUrl(u);
}

}  // namespace

bool ResolveRepository(const RepositorySettings& settings, const Environment& env, Repository* out,
                       std::vector<std::string>* warnings, std::string* err) {
  *out = Repository();
  IniFile ini;
  std::string config_path;
  if (!LoadConfig(settings, env, &ini, &config_path, warnings, err)) return false;
  out->config_path = config_path;
  std::string shown_config =
      config_path.empty() ? (settings.config_file.empty() ? "~/.pypirc" : settings.config_file)
                          : config_path;

  // The URL: --repository-url, TWINE_REPOSITORY_URL, then the named section's `repository`.
  std::string url =
      !settings.repository_url.empty() ? settings.repository_url : env.Get("TWINE_REPOSITORY_URL");
  std::string name =
      !settings.repository_name.empty() ? settings.repository_name : env.Get("TWINE_REPOSITORY");
  if (name.empty()) name = "pypi";
  if (url.empty() && name.find("://") != std::string::npos)
    url = name;  // -r URL, as twine's docs allow
  std::string section;
  if (url.empty()) {
    out->name = name;
    if (!ini.sections.count(name)) {
      if (config_path.empty()) {
        *err = MissingUrlHelp(name, shown_config, env);
      } else {
        *err = "missing '" + name + "' section from " + config_path + "\n" +
               MissingUrlHelp(name, config_path, env);
      }
      return false;
    }
    section = name;
    url = ini.Get(name, "repository");
    if (url.empty()) {
      *err = MissingUrlHelp(name, config_path, env);
      return false;
    }
  }

  std::string root = FileIndexRoot(url);
  if (!root.empty()) {
    out->file_index_root = root;
    out->check_url = root;
    return true;
  }
  Url parsed = ParseUrl(url);
  if ((parsed.scheme != "http" && parsed.scheme != "https") || parsed.host.empty()) {
    *err = "invalid repository URL '" + MaskSecrets(UrlForDisplay(url)) +
           "': expected http(s)://host/path/, a file:// URL or a directory path";
    return false;
  }
  out->url = url;

  // Credentials: flag, environment, the section, [server-login], the URL's userinfo.
  auto from_ini = [&](const std::string& key, std::string* where) -> std::string {
    if (!section.empty() && ini.Has(section, key)) {
      *where = config_path + " [" + section + "] " + key;
      return ini.Get(section, key);
    }
    if (ini.Has("server-login", key)) {
      *where = config_path + " [server-login] " + key;
      return ini.Get("server-login", key);
    }
    return "";
  };
  std::string where;
  out->username = !settings.username.empty() ? settings.username : env.Get("TWINE_USERNAME");
  if (out->username.empty()) out->username = from_ini("username", &where);
  if (!env.Get("TWINE_PASSWORD").empty()) {
    out->password = Secret(env.Get("TWINE_PASSWORD"));
    out->password_source = "TWINE_PASSWORD";
  } else {
    std::string value = from_ini("password", &where);
    if (!value.empty()) {
      out->password = Secret(value);
      out->password_source = where;
    }
  }
  TakeUserinfo(out);
  // An API token implies the token user name, as PyPI-compatible indexes expect.
  if (out->username.empty() && StartsWith(out->password.Reveal(), "pypi-"))
    out->username = "__token__";

  out->tls.ca_cert = !settings.cert.empty() ? settings.cert : env.Get("TWINE_CERT");
  if (out->tls.ca_cert.empty() && !section.empty()) out->tls.ca_cert = ini.Get(section, "ca_cert");
  out->tls.client_cert =
      !settings.client_cert.empty() ? settings.client_cert : env.Get("TWINE_CLIENT_CERT");
  if (out->tls.client_cert.empty() && !section.empty())
    out->tls.client_cert = ini.Get(section, "client_cert");
  for (const std::string* file : {&out->tls.ca_cert, &out->tls.client_cert}) {
    if (!file->empty() && ::access(file->c_str(), R_OK) != 0) {
      *err = *file + ": cannot read the certificate file: " + std::strerror(errno);
      return false;
    }
  }
  out->check_url =
      !settings.check_url.empty() ? settings.check_url : env.Get("PYRELEASE_CHECK_URL");
  if (out->check_url.empty() && !section.empty()) out->check_url = ini.Get(section, "check_url");
  return true;
}

bool ReadFromTerminal(const std::string& prompt, bool echo, std::string* out) {
  int fd = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return false;
  termios saved;
  bool have_termios = ::tcgetattr(fd, &saved) == 0;
  if (!have_termios) {
    ::close(fd);
    return false;
  }
  // Echo goes off before the prompt is shown (as getpass does): TCSAFLUSH discards unread input, so
  // switching after the prompt would drop a password typed or pasted quickly.
  if (!echo) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  if (::write(fd, prompt.data(), prompt.size()) < 0) {
    if (!echo) ::tcsetattr(fd, TCSAFLUSH, &saved);
    ::close(fd);
    return false;
  }
  std::string line;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
  if (!echo) {
    ::tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!::write(fd, "\n", 1);
  }
  ::close(fd);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  *out = line;
  return true;
}

bool PromptForMissing(const RepositorySettings& settings, Repository* repo, std::string* err) {
  if (!repo->file_index_root.empty()) return true;
  if (!repo->username.empty() && !repo->password.empty()) return true;
  bool interactive = !settings.non_interactive && ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
  std::string target = repo->name.empty() ? UrlForDisplay(repo->url) : "'" + repo->name + "'";
  std::string section = repo->name.empty() ? "<name>" : repo->name;
  if (repo->username.empty()) {
    std::string user;
    if (!interactive || !ReadFromTerminal("Enter your username: ", true, &user) ||
        Trim(user).empty()) {
      *err = "no username for repository " + target +
             ": set TWINE_USERNAME, or add 'username = ...' to [" + section +
             "] in ~/.pypirc (API tokens use 'username = __token__')";
      return false;
    }
    repo->username = Trim(user);
  }
  if (repo->password.empty()) {
    std::string pw;
    const char* prompt =
        repo->username == "__token__" ? "Enter your API token: " : "Enter your password: ";
    if (!interactive || !ReadFromTerminal(prompt, false, &pw) || pw.empty()) {
      *err = "no password or API token for repository " + target +
             ": set TWINE_PASSWORD in the environment, or add 'password = ...' to [" + section +
             "] in ~/.pypirc (chmod 600)";
      return false;
    }
    repo->password = Secret(pw);
    repo->password_source = "prompt";
    explicit_bzero(&pw[0], pw.size());
  }
  return true;
}
