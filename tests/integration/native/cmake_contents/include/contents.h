/* The package's C header, for extensions that build against it. */
int contents_answer(void);
