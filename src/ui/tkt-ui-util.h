/* tkt-ui-util.h — small pieces the pages share: the error dialog and
 * printing a paged document with GtkPrintOperation. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A modal message dialog on widget's window with one Close button. */
void tkt_show_error (GtkWidget  *widget,
                     const char *heading,
                     const char *body);

/* Lays the pages out for a page of width x height points (called when the
 * print dialog has chosen the paper); returns the layout and its page
 * count, or NULL to cancel. */
typedef gpointer (*TktPrintLayoutFunc) (GtkWidget      *widget,
                                        double          width,
                                        double          height,
                                        guint          *n_pages,
                                        GDestroyNotify *free_layout);
typedef void     (*TktPrintDrawFunc)   (gpointer        layout,
                                        cairo_t        *cr,
                                        guint           page);

/* Shows the print dialog for an A4 document that draws its own margins in
 * points, and prints asynchronously; errors go to tkt_show_error with
 * "Printing Failed".  Nothing happens once widget is gone. */
void tkt_print_run  (GtkWidget          *widget,
                     const char         *job_name,
                     TktPrintLayoutFunc  layout_func,
                     TktPrintDrawFunc    draw_func);

/* Gives every GtkSearchEntry under root that has no accessible name this
 * one: the search entries that AdwPreferencesWindow and
 * GtkShortcutsWindow make themselves have none in libadwaita 1.2 and
 * GTK 4.8, so a screen reader says only "entry". */
void  tkt_name_search_entries  (GtkWidget  *root,
                                const char *name);

/* The emblem in the slides' footer: a PNG the user chose, kept as
 * emblem.png in the application's data folder (the same for every
 * ceremony).  tkt_slides_emblem_path returns it when it exists, else
 * NULL; tkt_slides_emblem_target where to copy a new one. */
char *tkt_slides_emblem_path   (void);
char *tkt_slides_emblem_target (void);

G_END_DECLS
