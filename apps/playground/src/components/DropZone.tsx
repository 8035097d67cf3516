import { useId, useRef, useState, type DragEvent } from 'react';

/** Drop image files here, or press the button to choose them (keyboard users get the same file dialog). */
export function DropZone({
  onFiles,
  label = 'Upload your own images',
  multiple = true,
  disabled = false,
  accept: acceptTypes = 'image/jpeg,image/png,image/webp',
}: {
  onFiles: (files: File[]) => void;
  label?: string;
  multiple?: boolean;
  disabled?: boolean;
  /** The file dialog's filter; a drop also passes files whose type or extension it names. */
  accept?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [over, setOver] = useState(false);
  const accept = (list: FileList | null) => {
    const extensions = acceptTypes.split(',').filter((a) => a.startsWith('.'));
    const files = [...(list ?? [])].filter(
      (f) =>
        f.type.startsWith('image/') ||
        f.type === '' ||
        acceptTypes.split(',').includes(f.type) ||
        extensions.some((ext) => f.name.toLowerCase().endsWith(ext)),
    );
    if (files.length > 0) onFiles(files);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (!disabled) accept(event.dataTransfer.files);
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={disabled}
        aria-describedby={hintId}
      >
        {label}
      </button>
      <span id={hintId} className="hint">
        or drop JPEG, PNG or WebP files here
      </span>
      <input
        ref={input}
        type="file"
        accept={acceptTypes}
        multiple={multiple}
        hidden
        aria-label={label}
        onChange={(event) => {
          accept(event.target.files);
          event.target.value = '';
        }}
      />
    </div>
  );
}
