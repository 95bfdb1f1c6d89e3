#include <stdio.h>

int main(void) {
  puts("contents-tool 1.0");
  return 0;
}
