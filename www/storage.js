// The draft kept in this browser (localStorage), so that a reload or a closed tab loses
// nothing. One entry; "Start afresh" replaces it. Nothing leaves the browser.

const KEY = "entitlement-policy:draft:v1";

/** The saved draft, or null. */
export function saved() {
  try {
    const text = localStorage.getItem(KEY);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Saves what the page needs to come back as it was. */
export function save(value) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...value, savedAt: new Date().toISOString() }));
  } catch {
    // Storage full or disabled: the page keeps working, unsaved.
  }
}

export function forget() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing saved
  }
}
