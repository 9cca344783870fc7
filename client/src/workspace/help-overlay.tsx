// A keyboard help overlay: groups of shortcuts in a modal that `?` opens and Esc closes. Pure
// props, no store.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { isTextEntry } from "../canvas/keyboard.ts";

export interface Shortcut {
  /** Alternatives, each shown as its own <kbd>: ["Ctrl+Z"], ["Delete", "Backspace"]. */
  keys: string[];
  /** What it does, already translated. */
  action: string;
}

export interface ShortcutGroup {
  /** Already translated. */
  title: string;
  keys: Shortcut[];
}

export interface HelpOverlayProps {
  groups: readonly ShortcutGroup[];
  /** Controlled: whether it is open. Leave out (with onOpenChange) to let the overlay keep it. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Hide the "Shortcuts (?)" button (the overlay still opens with `?`). */
  hideButton?: boolean;
}

/**
 * A "Shortcuts (?)" button (testid `help-open`) and a modal (testid `help-overlay`, role dialog)
 * listing `groups`. Pressing `?` anywhere outside a text field opens it; Esc, the close button
 * (`help-close`) or a click on the backdrop close it. While it is open it swallows every key
 * (window capture phase), so the canvas underneath does not act on them.
 *
 * @example
 * <HelpOverlay groups={[{ title: t("shapes.help.draw"), keys: [{ keys: ["N"], action: t("shapes.help.newPolygon") }] }]} />
 */
export function HelpOverlay({ groups, open: controlled, onOpenChange, hideButton }: HelpOverlayProps) {
  const { t } = useTranslation();
  const [own, setOwn] = useState(false);
  const open = controlled ?? own;
  const setOpen = (v: boolean) => {
    if (controlled === undefined) setOwn(v);
    onOpenChange?.(v);
  };
  const latest = useRef({ open, setOpen });
  latest.current = { open, setOpen };
  const closeRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { open: isOpen, setOpen: set } = latest.current;
      if (isOpen) {
        e.stopPropagation(); // nothing under the overlay hears it
        if (e.key === "Escape" || e.key === "?") {
          e.preventDefault();
          set(false);
        }
        return;
      }
      if (e.key !== "?" || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTextEntry(e.target)) return;
      e.preventDefault();
      e.stopPropagation();
      set(true);
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  // Focus moves into the overlay and back to where it was.
  useEffect(() => {
    if (!open) return;
    opener.current = document.activeElement;
    closeRef.current?.focus();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, [open]);

  return (
    <>
      {!hideButton && (
        <button
          type="button"
          className="btn btn-small"
          data-testid="help-open"
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          {t("nav.help.open")}
        </button>
      )}
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop closes on click; Esc closes by keyboard
        // biome-ignore lint/a11y/useKeyWithClickEvents: Esc is handled on the window
        <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && setOpen(false)}>
          <div
            className="modal card help-overlay"
            data-testid="help-overlay"
            role="dialog"
            aria-modal="true"
            aria-labelledby="help-overlay-title"
          >
            <div className="help-overlay-head">
              <h2 id="help-overlay-title">{t("nav.help.title")}</h2>
              <button
                type="button"
                className="btn btn-small"
                data-testid="help-close"
                ref={closeRef}
                onClick={() => setOpen(false)}
              >
                {t("nav.help.close")} <kbd>Esc</kbd>
              </button>
            </div>
            <div className="help-groups">
              {groups.map((g) => (
                <section key={g.title} className="help-group">
                  <h3>{g.title}</h3>
                  <dl>
                    {g.keys.map((s) => (
                      <div key={`${s.keys.join("|")}-${s.action}`} className="help-row">
                        <dt>
                          {s.keys.map((k, i) => (
                            <span key={k}>
                              {i > 0 && <span className="help-or"> / </span>}
                              <kbd>{k}</kbd>
                            </span>
                          ))}
                        </dt>
                        <dd>{s.action}</dd>
                      </div>
                    ))}
                  </dl>
                </section>
              ))}
            </div>
          </div>
        </div>
      )}
    </>
  );
}
